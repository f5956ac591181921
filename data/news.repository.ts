/** News items (2.8, 9.1.3.2): posted once, never edited (8.1.7: the author stays on record); shown while their window is open, newest first. */
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { newsItemSchema, type Author, type NewNews, type NewsItem } from '../contracts/repair-works.ts';
import { newsModel, type NewsDoc } from './news.schema.ts';

const toItem = ({ _id, ...rest }: NewsDoc): NewsItem => newsItemSchema.parse({ id: _id, ...rest });
const utc = (iso: string): string => new Date(iso).toISOString();

export function createNewsRepository(conn: Connection) {
  const News = newsModel(conn);
  return {
    async init(): Promise<void> {
      await News.init();
    },

    async post(news: NewNews, author: Author, now: Date): Promise<NewsItem> {
      const doc: NewsDoc = {
        _id: randomUUID(),
        title: news.title,
        body: news.body,
        publishFrom: utc(news.publishFrom ?? now.toISOString()),
        ...(news.publishUntil ? { publishUntil: utc(news.publishUntil) } : {}),
        createdAt: now.toISOString(),
        author,
      };
      await News.create(doc);
      return toItem(doc);
    },

    /** What is published at `at`: started, not yet withdrawn; newest first. */
    async published(at: Date, opts: { page: number; pageSize: number }): Promise<{ items: NewsItem[]; total: number; page: number; pageSize: number }> {
      const now = at.toISOString();
      const query = { publishFrom: { $lte: now }, $or: [{ publishUntil: { $exists: false } }, { publishUntil: { $gt: now } }] };
      const [docs, total] = await Promise.all([
        News.find(query)
          .sort({ publishFrom: -1, _id: -1 })
          .skip((opts.page - 1) * opts.pageSize)
          .limit(opts.pageSize)
          .lean<NewsDoc[]>(),
        News.countDocuments(query),
      ]);
      return { items: docs.map(toItem), total, page: opts.page, pageSize: opts.pageSize };
    },
  };
}

export type NewsRepository = ReturnType<typeof createNewsRepository>;
