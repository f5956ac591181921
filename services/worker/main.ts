import { parseEnv, platformEnv } from '../../platform/config.ts';
import { runService } from '../../platform/service.ts';
import { installSdkLogger } from '../../platform/sdk-logger.ts';
import { workerEnv } from './config.ts';
import { startWorker } from './worker.ts';

runService('worker', async (logger) => {
  const config = parseEnv(workerEnv);
  const served = parseEnv(platformEnv);
  // The SDK core's metrics join the process's own when it serves them.
  await installSdkLogger(logger, served.METRICS_ENABLED && served.METRICS_PORT !== undefined ? { metricsOf: 'worker' } : {});
  return startWorker(config, logger);
});
