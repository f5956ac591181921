import { expect } from 'chai';
import { REQUEST_BOUNDS } from '../../domain/bounds.ts';
import { type Api, bearer, phoneCall, pluck, startApi } from './support.ts';

/** Runs `n` calls with at most `width` in flight. */
async function inFlight<T>(n: number, width: number, call: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array<T>(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await call(i);
      }
    }),
  );
  return out;
}

describe('gateway: how much one request may hold', function () {
  this.timeout(600_000);
  let api: Api;
  let operator: string;
  let executor: string;

  before(async () => {
    api = await startApi({ name: 'gw_bounds', worker: true });
    operator = (await api.userWith('operator')).token;
    executor = (await api.userWith('executor', { executorId: 'vodokanal' })).token;
  });
  after(async () => {
    await api?.stop();
  });

  const register = async (over: Record<string, unknown> = {}): Promise<string> => {
    const res = await api.http.post('/api/v1/requests').set(bearer(operator)).send(phoneCall({ address: { district: 'Саксаганський', street: `вул. Межова ${Math.random()}`, building: '1' }, ...over }));
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.number as string;
  };
  const act = (token: string, number: string, path: string, body: object = {}) => api.http.post(`/api/v1/requests/${number}/${path}`).set(bearer(token)).send(body);

  it('keeps a request with 500 comments working, and refuses the comment that would take its text past the bound', async () => {
    const number = await register();
    const text = (i: number) => `Коментар ${i}: ${'перевірено тиск у мережі, чекаємо на бригаду. '.repeat(4)}`.slice(0, 200);
    const answers = await inFlight(500, 4, (i) => act(i % 2 ? operator : executor, number, 'comments', { text: text(i), public: i % 3 === 0 }));
    expect(answers.filter((r) => r.status !== 200).map((r) => `${r.status} ${JSON.stringify(r.body)}`)).to.deep.equal([]);

    const card = await api.http.get(`/api/v1/requests/${number}`).set(bearer(operator));
    expect(card.status).to.equal(200);
    expect(card.body.comments).to.have.length(500);
    // The whole card travels in every transition: it stays well under Temporal's 2 MB payload limit.
    expect(Buffer.byteLength(JSON.stringify(card.body))).to.be.below(1024 * 1024);
    // Still takes actions and still shows in the lists.
    expect((await act(executor, number, 'acceptance')).status).to.equal(200);
    const list = await api.http.get('/api/v1/requests').query({ q: number }).set(bearer(operator));
    expect(pluck(list.body.items, 'number')).to.include(number);

    // 500 × 200 characters are held; long comments fill the rest of the budget, then one more is refused.
    const used = 500 * 200;
    const long = 'Д'.repeat(4000);
    for (let n = used; n + long.length <= REQUEST_BOUNDS.commentChars; n += long.length) expect((await act(operator, number, 'comments', { text: long })).status).to.equal(200);
    const refused = await act(operator, number, 'comments', { text: long });
    expect(refused.status).to.equal(422);
    expect(refused.body.error.code).to.equal('limit_reached');
    expect(refused.body.error.details).to.include({ limit: REQUEST_BOUNDS.commentChars });
    // A short comment that fits is still taken.
    expect((await act(operator, number, 'comments', { text: 'ok' })).status).to.equal(200);
  });

  it(`refuses an inspection past ${REQUEST_BOUNDS.inspections} on one request`, async () => {
    const number = await register();
    const at = new Date(Date.now() + 86_400_000).toISOString();
    for (let i = 0; i < REQUEST_BOUNDS.inspections; i++) expect((await act(operator, number, 'inspection', { scheduledAt: at, note: `${i}` })).status).to.equal(200);
    const refused = await act(operator, number, 'inspection', { scheduledAt: at, note: 'one more' });
    expect(refused.status).to.equal(422);
    expect(refused.body.error.code).to.equal('limit_reached');
  });

  it(`refuses more than ${REQUEST_BOUNDS.attachmentsPerAction} attachments in one action, naming the field`, async () => {
    const number = await register();
    const ids = Array.from({ length: REQUEST_BOUNDS.attachmentsPerAction + 1 }, (_, i) => `a${i}`);
    const res = await act(executor, number, 'additional-control', { reason: 'потрібна техніка', proposedDeadline: new Date(Date.now() + 7 * 86_400_000).toISOString(), attachmentIds: ids });
    expect(res.status).to.equal(400);
    expect(res.body.error.message).to.match(/^body\.attachmentIds/);
  });
});
