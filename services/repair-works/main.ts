import { parseEnv } from '../../platform/config.ts';
import { runService } from '../../platform/service.ts';
import { repairWorksEnv } from './config.ts';
import { startRepairWorks } from './service.ts';

runService('repair-works', async (logger) => startRepairWorks(parseEnv(repairWorksEnv), logger));
