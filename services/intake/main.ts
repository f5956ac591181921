import { parseEnv } from '../../platform/config.ts';
import { runService } from '../../platform/service.ts';
import { intakeEnv } from './config.ts';
import { startIntake } from './service.ts';

runService('intake', async (logger) => startIntake(parseEnv(intakeEnv), logger));
