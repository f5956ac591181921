import { expect } from 'chai';
import { checkBounds, REQUEST_BOUNDS } from '../../domain/bounds.ts';

const author = { id: 'u1', role: 'operator' };
const card = (comments: number, chars = 10, inspections = 0, attachments = 0) => ({
  comments: Array.from({ length: comments }, () => ({ at: '2026-03-02T10:00:00Z', author, text: 'к'.repeat(chars), public: false })),
  inspections: Array.from({ length: inspections }, () => ({ scheduledAt: '2026-03-02T10:00:00Z', note: '', by: 'u1' })),
  attachmentIds: Array.from({ length: attachments }, (_, i) => `a${i}`),
});

describe('domain: how much one request may hold', () => {
  it('refuses a comment past the count or the characters a request may hold, and takes one that fits', () => {
    expect(checkBounds(card(REQUEST_BOUNDS.comments - 1), 'comment', { text: 'ok' })).to.equal(undefined);
    expect(checkBounds(card(REQUEST_BOUNDS.comments), 'comment', { text: 'ok' })).to.include({ kind: 'limit_reached' });
    const nearlyFull = card(10, REQUEST_BOUNDS.commentChars / 10 - 1);
    expect(checkBounds(nearlyFull, 'comment', { text: 'x'.repeat(10) })).to.equal(undefined);
    expect(checkBounds(nearlyFull, 'comment', { text: 'x'.repeat(11) })).to.include({ kind: 'limit_reached' });
  });

  it('refuses an inspection or attachments past their bounds, counting a file attached twice once', () => {
    expect(checkBounds(card(0, 0, REQUEST_BOUNDS.inspections), 'scheduleInspection', { scheduledAt: '2026-03-03T10:00:00Z' })).to.include({ kind: 'limit_reached' });
    expect(checkBounds(card(0, 0, REQUEST_BOUNDS.inspections - 1), 'scheduleInspection', { scheduledAt: '2026-03-03T10:00:00Z' })).to.equal(undefined);
    const full = card(0, 0, 0, REQUEST_BOUNDS.attachments);
    expect(checkBounds(full, 'requestStrategicPlan', { reason: 'r', attachmentIds: ['a0'] })).to.equal(undefined);
    expect(checkBounds(full, 'requestStrategicPlan', { reason: 'r', attachmentIds: ['new'] })).to.include({ kind: 'limit_reached' });
  });
});
