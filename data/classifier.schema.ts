/** The Classifier's categories, `_id` = the code in upper case (lookups ignore case, 5.12). */
import { Schema, type Connection, type Model } from 'mongoose';
import type { Category } from '../domain/classifier.ts';

export type CategoryDoc = Category & { _id: string; updatedAt: Date };

const termSchema = new Schema({ amount: { type: Number, required: true }, unit: { type: String, required: true } }, { _id: false });

export const categoryDocSchema = new Schema<CategoryDoc>(
  {
    _id: { type: String, required: true },
    code: { type: String, required: true },
    name: { type: String, required: true },
    executorId: { type: String, required: true, index: true },
    term: { type: termSchema, required: true },
    reworkTerm: { type: termSchema, required: true },
    active: { type: Boolean, required: true, index: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'classifier', versionKey: false, _id: false },
);

export function categoryModel(conn: Connection): Model<CategoryDoc> {
  return (conn.models.Category as Model<CategoryDoc> | undefined) ?? conn.model<CategoryDoc>('Category', categoryDocSchema);
}
