import { parseEnv, platformEnv } from '../../platform/config.ts';
import { installSdkLogger } from '../../platform/sdk-logger.ts';
import { runService } from '../../platform/service.ts';
import { reportingEnv } from './config.ts';
import { startReporting } from './service.ts';

runService('reporting', async (logger) => {
  const config = parseEnv(reportingEnv);
  const served = parseEnv(platformEnv);
  // The report scheduler is a Temporal worker: its SDK's logs and metrics join the process's own.
  await installSdkLogger(logger, served.METRICS_ENABLED && served.METRICS_PORT !== undefined ? { metricsOf: 'reporting' } : {});
  return startReporting(config, logger);
});
