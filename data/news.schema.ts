/** The `news` collection (2.8, 9.1.3.2): important city events posted by operators and managers, each with its publishing window. */
import { Schema, type Connection, type Model } from 'mongoose';
import type { NewsItem } from '../contracts/repair-works.ts';

export type NewsDoc = Omit<NewsItem, 'id'> & { _id: string };

export const newsSchema = new Schema<NewsDoc>(
  {
    _id: { type: String, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    // ISO 8601 UTC strings, which compare like the instants they name.
    publishFrom: { type: String, required: true, index: true },
    publishUntil: { type: String },
    createdAt: { type: String, required: true },
    author: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'news', versionKey: false, _id: false, minimize: false },
);

export function newsModel(conn: Connection): Model<NewsDoc> {
  return (conn.models.News as Model<NewsDoc> | undefined) ?? conn.model<NewsDoc>('News', newsSchema);
}
