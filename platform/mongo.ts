/** The process's one mongoose connection. Models are registered by each data layer on it. */
import mongoose, { type Connection } from 'mongoose';

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

export async function connectMongo(url: string): Promise<Connection> {
  const conn = mongoose.createConnection(url, {
    serverSelectionTimeoutMS: 10_000,
    retryWrites: retryWritesOf(url),
    autoIndex: true,
  });
  await conn.asPromise();
  return conn;
}

export async function pingMongo(conn: Connection): Promise<void> {
  if (!conn.db) throw new Error('MongoDB is not connected');
  await conn.db.admin().ping();
}
