/**
 * How much one request may hold. The whole card travels in every transition (the read model's
 * activity input, the Update's answer, the carried state of a continue-as-new), and Temporal
 * refuses a payload over 2 MB; a comment's text is also copied into its history entry. These caps
 * keep the largest card near 1 MB with room to spare: 1,000 comments of 120 characters, or 30 long
 * ones, still fit, and so does every history entry they make.
 *
 * Checked in the Update validators only: validators never run on replay, so a history recorded
 * before these caps replays as it was.
 */
import type { ActionName, RequestCard } from '../contracts/request.ts';
import type { Refusal } from './lifecycle.ts';

export const REQUEST_BOUNDS = {
  /** Comments on one request. */
  comments: 1_000,
  /** Characters of comment text on one request, all comments together. */
  commentChars: 120_000,
  /** Commission inspections scheduled for one request (9.2.3). */
  inspections: 20,
  /** Files attached to one request over its life (registration, 8.2.2, 8.2.3). */
  attachments: 50,
  /** Files one action or registration attaches. */
  attachmentsPerAction: 20,
} as const;

const full = (what: string, limit: number, count: number): Refusal => ({
  kind: 'limit_reached',
  message: `this request already holds ${count} ${what} (at most ${limit}); register a new request or summarize in fewer words`,
  details: { limit, count },
});

/** Whether the action would take the request past a bound: the refusal, or undefined. */
export function checkBounds(card: Pick<RequestCard, 'comments' | 'inspections' | 'attachmentIds'>, action: ActionName, input: unknown): Refusal | undefined {
  const i = (input ?? {}) as { text?: unknown; attachmentIds?: unknown };
  if (action === 'comment') {
    if (card.comments.length >= REQUEST_BOUNDS.comments) return full('comments', REQUEST_BOUNDS.comments, card.comments.length);
    const chars = card.comments.reduce((n, c) => n + c.text.length, 0);
    const adding = typeof i.text === 'string' ? i.text.trim().length : 0;
    if (chars + adding > REQUEST_BOUNDS.commentChars) {
      return { kind: 'limit_reached', message: `the comments on this request already hold ${chars} characters; this one would take them past ${REQUEST_BOUNDS.commentChars}`, details: { limit: REQUEST_BOUNDS.commentChars, count: chars } };
    }
  }
  if (action === 'scheduleInspection' && card.inspections.length >= REQUEST_BOUNDS.inspections) return full('inspections', REQUEST_BOUNDS.inspections, card.inspections.length);
  if (Array.isArray(i.attachmentIds)) {
    const after = new Set([...card.attachmentIds, ...i.attachmentIds.filter((x): x is string => typeof x === 'string')]).size;
    if (after > REQUEST_BOUNDS.attachments) return full('attachments', REQUEST_BOUNDS.attachments, card.attachmentIds.length);
  }
  return undefined;
}
