import { parseEnv } from '../../platform/config.ts';
import { runService } from '../../platform/service.ts';
import { gatewayEnv } from './config.ts';
import { startGateway } from './gateway.ts';

runService('gateway', async (logger) => startGateway(parseEnv(gatewayEnv), logger));
