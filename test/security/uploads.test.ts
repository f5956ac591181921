/**
 * Security review item 5, uploads: the gateway decides on an upload from its headers before it reads
 * the body (declared size, the uploader's quota, counted when an upload starts so parallel ones
 * cannot all pass); staff have a daily quota too; the file streams into GridFS and an oversize
 * stream leaves nothing behind; files nothing refers to go after a short grace period. And the
 * fuzzer's finding: a multipart Content-Type without a boundary is a 400, not a 500.
 */
import { expect } from 'chai';
import http from 'node:http';
import mongoose from 'mongoose';
import { attachmentsRepository } from '../../data/attachments.repository.ts';
import { gatewayEnv } from '../../services/gateway/config.ts';
import { bearer, startApi, type Api } from '../gateway/support.ts';
import { eventually } from '../support/stack.ts';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const BOUNDARY = '----cc-upload-test-boundary';

/** A multipart body around `content` in the field "file", cut into its head (part headers) and tail. */
function multipartParts(content: Buffer, filename = 'act.pdf'): { head: Buffer; tail: Buffer } {
  return {
    head: Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`),
    tail: Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  };
}

interface Answer {
  status: number;
  body: { error?: { code: string; details?: { limit?: string; fields?: Array<{ field: string }> } }; id?: string };
  headers: http.IncomingHttpHeaders;
}

/** Uploads opened by `openUpload`, ended after each test so a failing one cannot keep the gateway from stopping. */
const opened: http.ClientRequest[] = [];

/**
 * An upload whose headers go out at once and whose body is sent only when the test says so:
 * `answer` settles as soon as the gateway answers, whether or not the body was sent.
 */
function openUpload(api: Api, token: string, headers: Record<string, string>): { req: http.ClientRequest; answer: Promise<Answer>; answered: () => boolean } {
  let done = false;
  const req = http.request(`${api.url}/api/v1/attachments`, { method: 'POST', headers: { ...bearer(token), 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, ...headers } });
  const answer = new Promise<Answer>((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        done = true;
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Answer['body']) : {}, headers: res.headers });
      });
    });
    req.on('error', (err) => (done ? undefined : reject(err)));
  });
  req.flushHeaders();
  opened.push(req);
  return { req, answer, answered: () => done };
}

/** The answer, or a failure saying the gateway waited for a body it should not have needed. */
const answeredBeforeBody = (answer: Promise<Answer>, what: string): Promise<Answer> =>
  Promise.race([answer, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer to ${what} before its body was sent`)), 5000).unref())]);

describe('security: uploads', function () {
  this.timeout(120_000);
  let api: Api;
  before(async () => {
    api = await startApi({ name: 'sec_uploads', intake: false, maxUploadMb: 1, env: { UPLOADS_PER_APPLICANT_PER_DAY: '3', UPLOADS_PER_STAFF_PER_DAY: '4' } });
  });
  afterEach(() => {
    for (const req of opened.splice(0)) req.destroy();
  });
  after(async () => {
    await api?.stop();
  });

  const upload = (token: string) => api.http.post('/api/v1/attachments').set(bearer(token)).attach('file', PDF, 'act.pdf');

  it('refuses an upload whose declared length is over the limit with 413 before its body is sent, and closes the connection', async () => {
    const executor = await api.userWith('executor');
    const up = openUpload(api, executor.token, { 'Content-Length': String(50 * 1024 * 1024) });
    const res = await answeredBeforeBody(up.answer, 'a 50 MB upload');
    expect(res.status).to.equal(413);
    expect(res.body.error?.code).to.equal('too_large');
    expect(res.headers.connection).to.equal('close');
  });

  it("refuses an applicant's upload over the daily quota with 429 before its body is sent, counting uploads still in flight", async () => {
    const applicant = await api.userWith('applicant');
    const { head, tail } = multipartParts(PDF);
    const length = head.length + PDF.length + tail.length;
    // Five uploads at once, headers only: the quota of three is taken as they start.
    const ups = Array.from({ length: 5 }, () => openUpload(api, applicant.token, { 'Content-Length': String(length) }));
    await eventually(async () => (ups.filter((u) => u.answered()).length >= 2 ? true : undefined), 'two of the five uploads answered before their bodies were sent', 10_000);
    const refused = ups.filter((u) => u.answered());
    expect(refused).to.have.length(2);
    for (const r of refused) {
      const res = await r.answer;
      expect(res.status).to.equal(429);
      expect(res.body.error?.details?.limit).to.equal('uploads.account');
      expect(Number(res.headers['retry-after'])).to.be.within(1, 24 * 3600);
    }
    // The three that started within the quota are stored once their bodies come.
    const admitted = ups.filter((u) => !refused.includes(u));
    for (const u of admitted) u.req.end(Buffer.concat([head, PDF, tail]));
    expect((await Promise.all(admitted.map((u) => u.answer))).map((r) => r.status)).to.deep.equal([201, 201, 201]);
    expect((await upload(applicant.token)).status).to.equal(429);
  });

  it("caps a staff user's uploads a day with 429 naming uploads.staff, per user", async () => {
    const executor = await api.userWith('executor');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await upload(executor.token)).status);
    expect(statuses).to.deep.equal([201, 201, 201, 201, 429]);
    const last = await upload(executor.token);
    expect(last.body.error.details.limit).to.equal('uploads.staff');
    const operator = await api.userWith('operator');
    expect((await upload(operator.token)).status, "another staff user's quota is their own").to.equal(201);
  });

  it('answers 400 naming the Content-Type when a multipart upload has no boundary', async () => {
    const executor = await api.userWith('executor');
    const res = await api.http.post('/api/v1/attachments').set(bearer(executor.token)).set('Content-Type', 'multipart/form-data').send('--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.7\r\n--x--\r\n');
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('invalid_upload');
    expect(res.body.error.details.fields[0].field).to.equal('headers.content-type');
    const truncated = await api.http.post('/api/v1/attachments').set(bearer(executor.token)).set('Content-Type', `multipart/form-data; boundary=${BOUNDARY}`).send(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.7 and no end`);
    expect(truncated.status, 'a body that ends mid-part').to.equal(400);
    expect(truncated.body.error.code).to.equal('invalid_upload');
  });

  it('streams a file into GridFS as it arrives, and deletes the chunks already written when the stream goes over the limit (413)', async () => {
    const executor = await api.userWith('executor');
    const db = api.mongo.db!;
    const listed = db.collection<{ _id: string; uploading?: boolean }>('unreferenced_uploads');
    const chunks = db.collection('attachments.chunks');
    // No Content-Length: the body comes chunked, so only the stream itself can be over the limit.
    const up = openUpload(api, executor.token, { 'Transfer-Encoding': 'chunked' });
    const { head, tail } = multipartParts(PDF, 'big.pdf');
    up.req.write(Buffer.concat([head, PDF, Buffer.alloc(700 * 1024, 0x20)]));
    // While the client is still sending, GridFS already holds chunks of the file (nothing is buffered whole).
    const id = await eventually(async () => {
      for (const l of await listed.find({ uploading: true }).toArray()) if ((await chunks.countDocuments({ files_id: new mongoose.Types.ObjectId(l._id) })) > 0) return l._id;
      return undefined;
    }, 'chunks of the upload in GridFS while it is being sent');
    up.req.end(Buffer.concat([Buffer.alloc(700 * 1024, 0x20), tail]));
    const res = await up.answer;
    expect(res.status).to.equal(413);
    expect(res.body.error?.code).to.equal('too_large');
    expect(await chunks.countDocuments({ files_id: new mongoose.Types.ObjectId(id) }), 'chunks left of the refused upload').to.equal(0);
    expect(await db.collection('attachments.files').countDocuments({ _id: new mongoose.Types.ObjectId(id) })).to.equal(0);
    expect(await listed.countDocuments({ _id: id })).to.equal(0);
  });
});

describe('security: uploads nothing refers to', function () {
  this.timeout(120_000);
  let api: Api;
  before(async () => {
    // A grace period of under two seconds, so the test sees the gateway's own housekeeping remove a file.
    api = await startApi({ name: 'sec_uploads_sweep', intake: false, env: { UNREFERENCED_UPLOAD_HOURS: '0.0005' } });
  });
  after(async () => {
    await api?.stop();
  });

  it('keeps an upload nothing refers to for an hour by default', () => {
    const config = gatewayEnv.parse({ TEMPORAL_ADDRESS: '127.0.0.1:7233', MONGO_URL: 'mongodb://127.0.0.1/cc', NATS_URL: 'nats://127.0.0.1:4222' });
    expect(config.UNREFERENCED_UPLOAD_HOURS).to.equal(1);
  });

  it("removes an upload nothing refers to soon after the grace period, by the gateway's own housekeeping", async () => {
    const executor = await api.userWith('executor');
    const res = await api.http.post('/api/v1/attachments').set(bearer(executor.token)).attach('file', PDF, 'orphan.pdf');
    expect(res.status).to.equal(201);
    const id = res.body.id as string;
    const attachments = attachmentsRepository(api.mongo);
    await eventually(async () => ((await attachments.info(id)) === null ? true : undefined), 'the unreferenced upload removed', 20_000);
    expect((await api.http.get(`/api/v1/attachments/${id}`).set(bearer(executor.token))).status).to.equal(404);
  });
});
