/** Activities are thin adapters between workflows and the outside; built from their dependencies. */
import type { NatsConnection } from '@nats-io/nats-core';
import type { Connection } from 'mongoose';
import type { Logger } from '../platform/logger.ts';

export interface ActivityDeps {
  mongo: Connection;
  nc: NatsConnection;
  logger: Logger;
}

export function createActivities(deps: ActivityDeps) {
  void deps;
  return {
    /** Which worker process ran this: lets tests see a workflow really crossed the worker. */
    async describeWorker(_input: Record<string, never>): Promise<{ pid: number }> {
      return { pid: process.pid };
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
