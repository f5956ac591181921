/** Temporal plumbing shared by the processes: connections, search attributes, the SDK's logger. */
import { Connection, type ClientInterceptors, type WorkflowClientInterceptor } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import proto from '@temporalio/proto';
import type { Metrics } from './metrics.ts';
import { SEARCH_ATTRIBUTES } from '../contracts/wire.ts';

const IVT = proto.temporal.api.enums.v1.IndexedValueType;
const typeOf = {
  Keyword: IVT.INDEXED_VALUE_TYPE_KEYWORD,
  Datetime: IVT.INDEXED_VALUE_TYPE_DATETIME,
  Bool: IVT.INDEXED_VALUE_TYPE_BOOL,
} as const;

/** Registers the custom search attributes the Temporal UI filters requests by (missing ones only). */
export async function ensureSearchAttributes(opts: { address?: string; connection?: Connection; namespace?: string }): Promise<void> {
  const namespace = opts.namespace ?? 'default';
  const conn = opts.connection ?? (await Connection.connect({ address: opts.address }));
  try {
    const existing = await conn.operatorService.listSearchAttributes({ namespace });
    const missing = Object.entries(SEARCH_ATTRIBUTES).filter(([name]) => !(name in (existing.customAttributes ?? {})));
    if (missing.length === 0) return;
    await conn.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map(([name, type]) => [name, typeOf[type]])),
    });
  } finally {
    if (!opts.connection) await conn.close();
  }
}

type Op = keyof WorkflowClientInterceptor;
const TIMED: Op[] = ['start', 'startWithDetails', 'signal', 'signalWithStart', 'startUpdate', 'startUpdateWithStart', 'query', 'describe', 'terminate', 'cancel'];

/** Times every call a client makes to the Temporal server, by operation and outcome. */
function timingInterceptor(metrics: Metrics): WorkflowClientInterceptor {
  const interceptor: Record<string, unknown> = {};
  for (const op of TIMED) {
    interceptor[op] = async (input: unknown, next: (input: unknown) => Promise<unknown>) => {
      const done = metrics.temporalClient.startTimer({ operation: op });
      try {
        const out = await next(input);
        done({ outcome: 'ok' });
        return out;
      } catch (err) {
        done({ outcome: err instanceof Error ? err.name : 'error' });
        throw err;
      }
    };
  }
  return interceptor;
}

/**
 * The interceptors of every Temporal client of the project: its calls timed into
 * `cc_temporal_client_request_duration_seconds`, and the trace context handed to the workflow in
 * its headers (the worker's workflows and activities continue the caller's trace).
 */
export function clientInterceptors(metrics: Metrics): ClientInterceptors {
  return { workflow: [...(metrics.enabled ? [timingInterceptor(metrics)] : []), new OpenTelemetryWorkflowClientInterceptor()] };
}
