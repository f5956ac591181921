import { parseEnv } from '../../platform/config.ts';
import { runService } from '../../platform/service.ts';
import { installSdkLogger } from '../../platform/sdk-logger.ts';
import { workerEnv } from './config.ts';
import { startWorker } from './worker.ts';

runService('worker', async (logger) => {
  const config = parseEnv(workerEnv);
  installSdkLogger(logger);
  return startWorker(config, logger);
});
