import { expect } from 'chai';
import { bearer, startApi, type Api } from './support.ts';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('rest of a tiny png')]);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');

const binary = (res: { body: unknown }): Buffer => res.body as Buffer;
const parseBinary = (res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('gateway: attachments', function () {
  this.timeout(60_000);
  let api: Api;
  let executor: string;
  before(async () => {
    api = await startApi({ name: 'gw_attach', intake: false, maxUploadMb: 1 });
    executor = (await api.userWith('executor')).token;
  });
  after(async () => {
    await api.stop();
  });

  it('8.2.2 stores an act as a PDF and a photo in GridFS and gives back the same bytes with their type', async () => {
    const pdf = await api.http.post('/api/v1/attachments').set(bearer(executor)).attach('file', PDF, { filename: 'акт обстеження.pdf', contentType: 'application/pdf' });
    expect(pdf.status).to.equal(201);
    expect(pdf.body).to.include({ filename: 'акт обстеження.pdf', contentType: 'application/pdf', size: PDF.length });
    expect(pdf.body.id).to.match(/^[0-9a-f]{24}$/);
    const photo = await api.http.post('/api/v1/attachments').set(bearer(executor)).attach('file', PNG, { filename: 'photo', contentType: 'application/octet-stream' });
    expect(photo.status).to.equal(201);
    expect(photo.body).to.include({ contentType: 'image/png', filename: 'photo.png' });

    const back = await api.http.get(`/api/v1/attachments/${pdf.body.id}`).set(bearer(executor)).buffer(true).parse(parseBinary as never);
    expect(back.status).to.equal(200);
    expect(back.headers['content-type']).to.equal('application/pdf');
    expect(back.headers['content-disposition']).to.include("filename*=UTF-8''%D0%B0%D0%BA%D1%82");
    expect(binary(back).equals(PDF)).to.equal(true);
  });

  it('refuses a file that is not a photo or a PDF, whatever type the client claims (415)', async () => {
    const res = await api.http.post('/api/v1/attachments').set(bearer(executor)).attach('file', Buffer.from('MZ\x90\x00 not really a pdf'), { filename: 'act.pdf', contentType: 'application/pdf' });
    expect(res.status).to.equal(415);
    expect(res.body.error.code).to.equal('unsupported_type');
  });

  it('refuses a file over the size limit with 413, and a missing file with 400 naming the field', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(1024 * 1024 + 10, 0x20)]);
    const res = await api.http.post('/api/v1/attachments').set(bearer(executor)).attach('file', big, { filename: 'big.pdf' });
    expect(res.status).to.equal(413);
    expect(res.body.error.code).to.equal('too_large');
    const none = await api.http.post('/api/v1/attachments').set(bearer(executor)).field('note', 'no file');
    expect(none.status).to.equal(400);
    expect(none.body.error.details.fields[0].field).to.equal('body.file');
    const json = await api.http.post('/api/v1/attachments').set(bearer(executor)).send({ file: 'x' });
    expect(json.status).to.equal(415);
  });

  it("lets an applicant download only their own uploads, and answers 404 for an unknown id and 400 for a malformed one", async () => {
    const staffFile = await api.http.post('/api/v1/attachments').set(bearer(executor)).attach('file', PNG, 'staff.png');
    const applicant = (await api.userWith('applicant')).token;
    const own = await api.http.post('/api/v1/attachments').set(bearer(applicant)).attach('file', PNG, 'mine.png');
    expect((await api.http.get(`/api/v1/attachments/${own.body.id}`).set(bearer(applicant))).status).to.equal(200);
    const other = await api.http.get(`/api/v1/attachments/${staffFile.body.id}`).set(bearer(applicant));
    expect(other.status).to.equal(403);
    expect((await api.http.get('/api/v1/attachments/0123456789abcdef01234567').set(bearer(executor))).status).to.equal(404);
    const bad = await api.http.get('/api/v1/attachments/not-an-id').set(bearer(executor));
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details.fields[0].field).to.equal('params.id');
  });
});
