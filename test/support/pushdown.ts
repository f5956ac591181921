/**
 * Guards for the embedded store's one fast query: FerretDB on SQLite hands SQLite a filter only when
 * it is exactly `{_id: <string or ObjectId>}`; any other filter reads and decodes every document of
 * the collection. `explain` says which it did (`filterPushdown`).
 */
import { expect } from 'chai';
import type { Connection } from 'mongoose';

/** Asserts that FerretDB answers `filter` on `collection` in SQL, without reading the whole collection. */
export async function expectPushedDown(conn: Connection, collection: string, filter: Record<string, unknown>): Promise<void> {
  expect(await filterPushdown(conn, collection, filter), `${collection}: ${JSON.stringify(filter)} is not pushed down to SQLite`).to.equal(true);
}

/** FerretDB's `filterPushdown` for a find with this filter (the same path its updates and deletes take to find their documents). */
export async function filterPushdown(conn: Connection, collection: string, filter: Record<string, unknown>): Promise<boolean> {
  if (!conn.db) throw new Error('the connection is not open');
  const res = await conn.db.command({ explain: { find: collection, filter } });
  if (typeof res.filterPushdown !== 'boolean') throw new Error(`explain did not say whether the filter was pushed down (not FerretDB?): ${JSON.stringify(res)}`);
  return res.filterPushdown;
}

export interface RecordedQuery {
  collection: string;
  method: string;
  filter: Record<string, unknown>;
}

/** Operations that find their documents with a filter (their first argument); inserts have none. */
const FILTERED = new Set(['find', 'findOne', 'updateOne', 'updateMany', 'replaceOne', 'deleteOne', 'deleteMany', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace', 'countDocuments', 'distinct', 'aggregate']);

/**
 * Records the filters of every operation mongoose sends through `conn` on `collections` until
 * `stop()`: what the code under test really asks, to be checked with `expectPushedDown`.
 */
export function recordQueries(conn: Connection, collections: string[]): { queries: RecordedQuery[]; stop: () => void } {
  const queries: RecordedQuery[] = [];
  const listener = (op: { collectionName: string; method: string; params: unknown[] }): void => {
    if (!collections.includes(op.collectionName) || !FILTERED.has(op.method)) return;
    // An aggregation has a pipeline, not a filter: record it as one no key can push down.
    const filter = op.method === 'aggregate' ? { $pipeline: op.params[0] } : ((op.params[0] ?? {}) as Record<string, unknown>);
    queries.push({ collection: op.collectionName, method: op.method, filter });
  };
  conn.on('operation-start', listener);
  return { queries, stop: () => conn.off('operation-start', listener) };
}

/**
 * Asserts that every recorded query is a lookup by `_id` alone that FerretDB pushes down, and that
 * there were some (a recorder that saw nothing proves nothing).
 */
export async function expectAllKeyed(conn: Connection, queries: RecordedQuery[]): Promise<void> {
  expect(queries, 'no queries were recorded').to.not.be.empty;
  for (const q of queries) {
    expect(Object.keys(q.filter), `${q.collection}.${q.method}(${JSON.stringify(q.filter)}) filters on more than _id`).to.deep.equal(['_id']);
    await expectPushedDown(conn, q.collection, q.filter);
  }
}
