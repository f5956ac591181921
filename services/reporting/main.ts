import { parseEnv } from '../../platform/config.ts';
import { runService } from '../../platform/service.ts';
import { reportingEnv } from './config.ts';
import { startReporting } from './service.ts';

runService('reporting', async (logger) => startReporting(parseEnv(reportingEnv), logger));
