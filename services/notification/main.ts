import { parseEnv } from '../../platform/config.ts';
import { runService } from '../../platform/service.ts';
import { notificationEnv } from './config.ts';
import { startNotification } from './service.ts';

runService('notification', async (logger) => startNotification(parseEnv(notificationEnv), logger));
