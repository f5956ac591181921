/** Recognising MongoDB (and FerretDB) errors the data layers handle rather than propagate. */
import mongoose from 'mongoose';

/** E11000: a unique index refused the write (also what FerretDB answers to some concurrent upserts). */
export function isDuplicateKey(err: unknown): boolean {
  return err instanceof mongoose.mongo.MongoServerError && err.code === 11000;
}
