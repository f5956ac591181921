/** The process's one mongoose connection. Models are registered by each data layer on it. */
import mongoose, { type Connection } from 'mongoose';

export async function connectMongo(url: string): Promise<Connection> {
  const conn = mongoose.createConnection(url, {
    serverSelectionTimeoutMS: 10_000,
    // FerretDB 1.24 has no retryable writes; MongoDB accepts the same setting.
    retryWrites: false,
    autoIndex: true,
  });
  await conn.asPromise();
  return conn;
}

export async function pingMongo(conn: Connection): Promise<void> {
  if (!conn.db) throw new Error('MongoDB is not connected');
  await conn.db.admin().ping();
}
