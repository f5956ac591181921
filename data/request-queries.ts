/**
 * Read-only queries over the `requests` read model that the gateway and intake need beyond the
 * workflow's writes: the lists (8.1.4), who may download a file, and the repeat look-up of 9.2.3.
 * Each is answered from the key documents and the cards by `_id` (requests.schema.ts), so its cost
 * follows what it returns, not how many requests are stored.
 */
import type { Connection } from 'mongoose';
import type { Address, RequestCard } from '../contracts/request.ts';
import { repeatKey } from '../domain/repeat.ts';
import { createRequestRepository, REQUEST_SORTS, type RequestListFilter, type RequestPage, type RequestSort } from './requests.repository.ts';

export type { RequestListFilter, RequestPage, RequestSort } from './requests.repository.ts';
export { REQUEST_SORTS };

/** How many earlier requests at one address and category the repeat look-up reads, newest kept. */
const REPEAT_LOOKBACK = 50;

export function requestQueries(conn: Connection) {
  const repo = createRequestRepository(conn);
  return {
    init: (): Promise<void> => repo.init(),

    get: (number: string): Promise<RequestCard | null> => repo.get(number),

    /** DESIGN §4 `GET /requests`: every filter, paged, in deadline order unless asked otherwise. */
    list(filter: RequestListFilter, opts: { sort: RequestSort; page: number; pageSize: number }): Promise<RequestPage> {
      return repo.list(filter, opts);
    },

    /** Whether a file is attached to one of an executor's requests (the reader may download it). */
    /** Whether any request refers to the attachment (read by `_id` through the attachment's key). */
    async refersTo(attachmentId: string): Promise<boolean> {
      return (await repo.numbersUnder(`attachment:${attachmentId}`)).length > 0;
    },

    async isAttachedTo(attachmentId: string, to: { executorId: string }): Promise<boolean> {
      const cards = await repo.getMany(await repo.numbersUnder(`attachment:${attachmentId}`));
      // 8.2.1: a co-executor reads the files of the request it was brought in for.
      return cards.some((c) => (c.executorId === to.executorId || (c.coExecutors ?? []).some((x) => x.executor.id === to.executorId)) && (c.attachmentIds ?? []).includes(attachmentId));
    },

    /**
     * 9.2.3: earlier requests of the same category at the same address (district, street and
     * building, compared as domain/repeat.ts says) that are still open or were closed after
     * `closedSince`, oldest first: the numbers filed under the address's repeat key, read by `_id`.
     */
    async repeatCandidates(c: { categoryCode: string; address: Address; closedSince: Date }): Promise<RequestCard[]> {
      const numbers = (await repo.numbersUnder(`repeat:${repeatKey(c.categoryCode, c.address)}`)).slice(-REPEAT_LOOKBACK);
      const since = c.closedSince.toISOString();
      return (await repo.getMany(numbers))
        .filter((card) => card.status !== 'closed' || (card.closedAt !== undefined && card.closedAt >= since))
        .sort((a, b) => (a.registeredAt < b.registeredAt ? -1 : a.registeredAt > b.registeredAt ? 1 : 0));
    },
  };
}

export type RequestQueries = ReturnType<typeof requestQueries>;
