/** The gateway process: the express app on PORT with the real MongoDB, NATS and Temporal behind it. */
import { Client, Connection } from '@temporalio/client';
import type { Server } from 'node:http';
import type { Logger } from '../../platform/logger.ts';
import { pingMongo } from '../../platform/mongo.ts';
import { connectPlatform } from '../../platform/platform.ts';
import type { RunningService } from '../../platform/service.ts';
import { createApp } from './app.ts';
import type { GatewayConfig } from './config.ts';

export async function startGateway(config: GatewayConfig, logger: Logger): Promise<RunningService & { port: number }> {
  const platform = await connectPlatform({ service: 'gateway', mongoUrl: config.MONGO_URL, natsUrl: config.NATS_URL });
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const app = createApp({
    readiness: {
      mongodb: () => pingMongo(platform.mongo),
      nats: () => platform.nc.flush(),
      temporal: async () => {
        await client.workflowService.getSystemInfo({});
      },
    },
  });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.PORT, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const addr = server.address();
  const port = addr && typeof addr === 'object' ? addr.port : config.PORT;
  logger.info(`listening on :${port}`);
  platform.announceReady();
  return {
    port,
    async stop() {
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeIdleConnections();
      });
      await connection.close();
      await platform.close();
    },
  };
}
