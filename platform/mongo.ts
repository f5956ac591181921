/** The process's one mongoose connection. Models are registered by each data layer on it. */
import mongoose, { type Connection } from 'mongoose';
import { SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
import { tracer, tracingExports } from './tracing.ts';

/**
 * Retryable writes: as the URL says when it says (`retryWrites=`); otherwise on against a replica
 * set (MongoDB in production, docker-compose.yml) and off against a single server (FerretDB 1.24,
 * the embedded stack, has none).
 */
export function retryWritesOf(url: string): boolean {
  const query = new URLSearchParams(url.split('?')[1] ?? '');
  const given = query.get('retryWrites');
  if (given !== null) return given === 'true';
  return query.has('replicaSet');
}

/** Commands that are the driver's own upkeep, not a step of the work: no span. */
const UNTRACED = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'saslStart', 'saslContinue', 'endSessions', 'killCursors']);

/**
 * A span per MongoDB command, from the driver's command monitoring: its parent is the span active
 * where the command was issued (the driver emits `commandStarted` in the caller's async context).
 * Attributes name the command and the collection, never the filter or the document.
 */
function traceCommands(conn: Connection): void {
  const open = new Map<number, Span>();
  const client = conn.getClient();
  client.on('commandStarted', (e) => {
    if (UNTRACED.has(e.commandName)) return;
    const target: unknown = (e.command as Record<string, unknown>)[e.commandName];
    const collection = typeof target === 'string' ? target : undefined;
    open.set(
      e.requestId,
      tracer().startSpan(`mongodb.${e.commandName}${collection ? ` ${collection}` : ''}`, {
        kind: SpanKind.CLIENT,
        attributes: { 'db.system': 'mongodb', 'db.operation.name': e.commandName, 'db.namespace': e.databaseName, ...(collection ? { 'db.collection.name': collection } : {}) },
      }),
    );
  });
  const end = (requestId: number, failed: boolean): void => {
    const span = open.get(requestId);
    if (!span) return;
    open.delete(requestId);
    if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
  client.on('commandSucceeded', (e) => end(e.requestId, false));
  client.on('commandFailed', (e) => end(e.requestId, true));
}

export async function connectMongo(url: string): Promise<Connection> {
  // A span per command costs the driver its monitoring events: only when the spans go somewhere.
  const traced = tracingExports();
  const conn = mongoose.createConnection(url, {
    serverSelectionTimeoutMS: 10_000,
    retryWrites: retryWritesOf(url),
    autoIndex: true,
    ...(traced ? { monitorCommands: true } : {}),
  });
  if (traced) traceCommands(conn);
  await conn.asPromise();
  return conn;
}

export async function pingMongo(conn: Connection): Promise<void> {
  if (!conn.db) throw new Error('MongoDB is not connected');
  await conn.db.admin().ping();
}
