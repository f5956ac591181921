import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { type Api, bearer, phoneCall, startApi } from './support.ts';

describe('gateway: retries get one answer', function () {
  this.timeout(180_000);
  let api: Api;
  let operator: string;

  before(async () => {
    api = await startApi({ name: 'gw_retries', worker: true });
    operator = (await api.userWith('operator')).token;
  });
  after(async () => {
    await api?.stop();
  });

  const call = (street: string, over: Record<string, unknown> = {}) => phoneCall({ address: { district: 'Покровський', street, building: '3' }, ...over });

  it('applies a comment once for twenty concurrent retries with one Idempotency-Key, and a new key adds another', async () => {
    const reg = await api.http.post('/api/v1/requests').set(bearer(operator)).send(call(`вул. Повторна ${randomUUID().slice(0, 6)}`));
    expect(reg.status).to.equal(201);
    const number = reg.body.number as string;
    const text = `Уточнено адресу ${randomUUID()}`;
    const post = (key: string) => api.http.post(`/api/v1/requests/${number}/comments`).set(bearer(operator)).set('Idempotency-Key', key).send({ text, public: false });
    const answers = await Promise.all(Array.from({ length: 20 }, () => post('comment-a')));
    expect(answers.map((r) => r.status)).to.deep.equal(Array(20).fill(200));
    const count = async () => ((await api.http.get(`/api/v1/requests/${number}`).set(bearer(operator))).body.comments as Array<{ text: string }>).filter((c) => c.text === text).length;
    expect(await count()).to.equal(1);
    expect((await post('comment-a')).status).to.equal(200);
    expect(await count()).to.equal(1);
    expect((await post('comment-b')).status).to.equal(200);
    expect(await count()).to.equal(2);
  });

  it('makes a key for a registration sent without one and returns it; a retry with it returns the same request', async () => {
    const body = call(`вул. Безключова ${randomUUID().slice(0, 6)}`);
    const first = await api.http.post('/api/v1/requests').set(bearer(operator)).send(body);
    expect(first.status).to.equal(201);
    const key = first.headers['idempotency-key'] as string;
    expect(key).to.match(/^[0-9a-f-]{36}$/);
    const retry = await api.http.post('/api/v1/requests').set(bearer(operator)).set('Idempotency-Key', key).send(body);
    expect(retry.status).to.equal(201);
    expect(retry.body.number).to.equal(first.body.number);
    expect(retry.headers['idempotent-replayed']).to.equal('true');
  });

  it('gives twenty concurrent retries of a refused registration the same refusal, and registers it once corrected under the same key', async () => {
    const key = `refused-${randomUUID()}`;
    const wrong = call(`вул. Хибна ${randomUUID().slice(0, 6)}`, { address: { district: 'Немає-такого', street: 'вул. Хибна', building: '1' } });
    const answers = await Promise.all(Array.from({ length: 20 }, () => api.http.post('/api/v1/requests').set(bearer(operator)).set('Idempotency-Key', key).send(wrong)));
    expect(new Set(answers.map((r) => `${r.status} ${JSON.stringify(r.body)}`)).size, answers.map((r) => r.status).join()).to.equal(1);
    expect(answers[0]!.status).to.equal(422);
    const corrected = await api.http.post('/api/v1/requests').set(bearer(operator)).set('Idempotency-Key', key).send(call('вул. Виправлена'));
    expect(corrected.status, JSON.stringify(corrected.body)).to.equal(201);
  });
});
