/** The `executors` collection: departments and utility enterprises with their responsible person (8.1.1). */
import { Schema, type Connection, type Model } from 'mongoose';

export interface ExecutorDoc {
  _id: string;
  name: string;
  email: string;
  phone?: string;
  responsiblePerson: { name: string; phone: string; email: string };
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<ExecutorDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    email: { type: String, required: true },
    phone: String,
    responsiblePerson: {
      type: new Schema({ name: { type: String, required: true }, phone: { type: String, required: true }, email: { type: String, required: true } }, { _id: false }),
      required: true,
    },
    active: { type: Boolean, default: true },
  },
  { collection: 'executors', timestamps: true, versionKey: false },
);
schema.index({ name: 1 });

export function executorModel(conn: Connection): Model<ExecutorDoc> {
  return (conn.models.Executor as Model<ExecutorDoc> | undefined) ?? conn.model<ExecutorDoc>('Executor', schema);
}
