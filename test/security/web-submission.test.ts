/**
 * Item "5.7 blocking cannot be sidestepped": a web request needs a phone confirmed by SMS code; an
 * applicant's requests and uploads are capped a day (429); uploads nothing refers to are removed
 * once their grace period ends (test/security/uploads.test.ts has the staff quota and the sweep's timing).
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { attachmentsRepository } from '../../data/attachments.repository.ts';
import { requestQueries } from '../../data/request-queries.ts';
import { bearer, startApi, type Api } from '../gateway/support.ts';
import { eventually } from '../support/stack.ts';

const PDF = Buffer.from('%PDF-1.4\n% photo of the yard\n%%EOF\n');

describe('security: web submissions', function () {
  this.timeout(180_000);
  let api: Api;

  before(async () => {
    api = await startApi({ name: 'sec_web', worker: true, env: { REQUESTS_PER_APPLICANT_PER_DAY: '2', UPLOADS_PER_APPLICANT_PER_DAY: '3' } });
  });
  after(async () => {
    await api?.stop();
  });

  const submit = (token: string, attachmentIds: string[] = []) =>
    api.http
      .post('/api/v1/requests')
      .set(bearer(token))
      .send({ address: { district: 'Інгулецький', street: `вул. Вебова ${randomUUID().slice(0, 6)}`, building: '4' }, categoryCode: 'ROAD-01', description: 'Яма на дорозі', ...(attachmentIds.length ? { attachmentIds } : {}) });
  const upload = (token: string) => api.http.post('/api/v1/attachments').set(bearer(token)).attach('file', PDF, 'фото.pdf');

  it('5.7 refuses a web request from a cabinet whose phone is not confirmed by SMS code', async () => {
    const unconfirmed = await api.userWith('applicant', { unconfirmed: true });
    const res = await submit(unconfirmed.token);
    expect(res.status, JSON.stringify(res.body)).to.equal(403);
    expect(res.body.error.code).to.equal('phone_unconfirmed');
    const confirmed = await api.userWith('applicant');
    expect((await submit(confirmed.token)).status).to.equal(201);
  });

  it('5.7 caps an applicant’s web requests and uploads a day with 429 and Retry-After, under the applicants’ own quota, not the staff’s', async () => {
    const applicant = await api.userWith('applicant');
    expect((await submit(applicant.token)).status).to.equal(201);
    expect((await submit(applicant.token)).status).to.equal(201);
    const third = await submit(applicant.token);
    expect(third.status).to.equal(429);
    expect(third.body.error.details.limit).to.equal('requests.account');
    expect(Number(third.headers['retry-after'])).to.be.within(1, 24 * 3600);

    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await upload(applicant.token)).status);
    expect(statuses).to.deep.equal([201, 201, 201, 429]);
    const executor = await api.userWith('executor');
    for (let i = 0; i < 4; i++) expect((await upload(executor.token)).status, 'staff uploads are counted under their own, larger quota').to.equal(201);
  });

  it('removes uploads nothing refers to once listed past the grace period, and keeps those a request refers to', async () => {
    const applicant = await api.userWith('applicant');
    const kept = str((await upload(applicant.token)).body.id);
    const orphan = str((await upload(applicant.token)).body.id);
    expect((await submit(applicant.token, [kept])).status).to.equal(201);
    const attachments = attachmentsRepository(api.mongo);
    const queries = requestQueries(api.mongo);
    // Nothing is older than the cut-off yet: nothing goes.
    expect(await attachments.removeUnreferenced(new Date(Date.now() - 24 * 3600_000), (id) => queries.refersTo(id))).to.not.include(orphan);
    // A registration whose files were not yet claimed when its gateway stopped: the request itself keeps them.
    await eventually(async () => ((await queries.refersTo(kept)) ? true : undefined), 'the request’s key for its attachment');
    await api.mongo.db!.collection<{ _id: string; uploadedAt: Date }>('unreferenced_uploads').insertOne({ _id: kept, uploadedAt: new Date(Date.now() - 48 * 3600_000) });
    // Later (the sweep's cut-off moved past both uploads).
    const removed = await attachments.removeUnreferenced(new Date(Date.now() + 1000), (id) => queries.refersTo(id));
    expect(removed).to.include(orphan);
    expect(removed).to.not.include(kept);
    expect(await attachments.info(orphan)).to.equal(null);
    expect(await attachments.info(kept)).to.not.equal(null);
    expect((await api.http.get(`/api/v1/attachments/${kept}`).set(bearer(applicant.token))).status).to.equal(200);
  });
});

const str = (v: unknown): string => v as string;
