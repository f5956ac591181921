/** Recognising MongoDB (and FerretDB) errors the data layers handle rather than propagate. */
import mongoose from 'mongoose';

/** E11000: a unique index refused the write (also what FerretDB answers to some concurrent upserts). */
export function isDuplicateKey(err: unknown): boolean {
  return err instanceof mongoose.mongo.MongoServerError && err.code === 11000;
}

/**
 * Runs an upsert once more when it loses the race to insert a new document (E11000): the retry
 * then updates the winner's document.
 */
export async function upsertRetryingRace<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return write();
  }
}
