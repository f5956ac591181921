import { parseEnv } from '../../platform/config.ts';
import { runService } from '../../platform/service.ts';
import { consultationsEnv } from './config.ts';
import { startConsultations } from './service.ts';

runService('consultations', async (logger) => startConsultations(parseEnv(consultationsEnv), logger));
