/**
 * Personal data in Temporal: a request's workflow history on the real dev server holds the
 * applicant only encrypted, and the Temporal UI's codec endpoint opens it for staff who read every
 * request, never for an applicant, an executor, an analyst or an anonymous caller.
 */
import { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { requestWorkflowId } from '../../contracts/wire.ts';
import { ENCRYPTED_ENCODING, newPayloadKey, payloadKeysSchema, createPayloadCodec } from '../../platform/payload-codec.ts';
import { eventually, testStack } from '../support/stack.ts';
import { bearer, phoneCall, startApi, type Api } from './support.ts';

type JsonPayload = { metadata?: Record<string, string>; data?: string };
const toJson = (p: proto.temporal.api.common.v1.IPayload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});
const dataOf = (p: JsonPayload): string => Buffer.from(p.data ?? '', 'base64').toString('utf8');

const APPLICANT = { name: 'Оксана Приватна', phone: '067 555 98 76', email: 'oksana.private@example.org' };
const STREET = 'вул. Таємна';

describe('personal data in Temporal: encrypted histories and the UI codec endpoint', function () {
  this.timeout(180_000);
  let api: Api;
  let temporal: Connection;
  let history: proto.temporal.api.history.v1.IHistory;
  let number: string;
  before(async () => {
    api = await startApi({ name: 'gw_codec', worker: true });
    temporal = await Connection.connect({ address: testStack().TEMPORAL_ADDRESS });
    const operator = await api.userWith('operator');
    const res = await api.http
      .post('/api/v1/requests')
      .set(bearer(operator.token))
      .send(phoneCall({ applicant: APPLICANT, address: { district: 'Саксаганський', street: STREET, building: '77', apartment: '13' } }));
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    number = res.body.number as string;
    // The workflow is running (in progress, waiting for the executor) and has recorded the registration
    // (its two local activities' markers): its history as the server keeps it.
    history = await eventually(async () => {
      const got = await temporal.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId: requestWorkflowId(number) } });
      return (got.history?.events ?? []).filter((e) => e.markerRecordedEventAttributes).length >= 2 ? got.history! : undefined;
    }, 'the workflow has recorded the registration');
  });
  after(async () => {
    await temporal?.close();
    await api?.stop();
  });

  const startInput = (): JsonPayload[] => {
    const started = history.events!.find((e) => e.workflowExecutionStartedEventAttributes)!.workflowExecutionStartedEventAttributes!;
    return (started.input?.payloads ?? []).map(toJson);
  };

  it("keeps no applicant phone, name, email or street in plaintext anywhere in a running request's history", () => {
    const bytes = Buffer.from(proto.temporal.api.history.v1.History.encode(history).finish());
    expect(history.events!.length).to.be.greaterThan(3);
    for (const secret of ['+380675559876', '0675559876', '555 98 76', APPLICANT.name, APPLICANT.email, STREET]) {
      expect(bytes.includes(Buffer.from(secret, 'utf8')), `history holds "${secret}"`).to.equal(false);
    }
    const [input] = startInput();
    expect(Buffer.from(input!.metadata!.encoding!, 'base64').toString()).to.equal(ENCRYPTED_ENCODING);
  });

  it('decodes the payloads for an operator, a manager, ICT and an admin', async () => {
    for (const role of ['operator', 'manager', 'ict', 'admin'] as const) {
      const { token } = await api.userWith(role);
      const res = await api.http.post('/api/v1/codec/decode').set(bearer(token)).set('X-Namespace', 'default').send({ payloads: startInput() });
      expect(res.status, `${role}: ${JSON.stringify(res.body)}`).to.equal(200);
      expect(res.headers['cache-control']).to.equal('no-store');
      const input = JSON.parse(dataOf((res.body.payloads as JsonPayload[])[0]!)) as { number: string; applicant: { phone: string; name: string } };
      expect(input.number).to.equal(number);
      expect(input.applicant).to.include({ phone: '+380675559876', name: APPLICANT.name });
    }
  });

  it('refuses an applicant, an executor and an analyst (403), and an anonymous caller (401)', async () => {
    for (const role of ['applicant', 'executor', 'analyst'] as const) {
      const { token } = await api.userWith(role);
      const res = await api.http.post('/api/v1/codec/decode').set(bearer(token)).send({ payloads: startInput() });
      expect(res.status, role).to.equal(403);
      expect(JSON.stringify(res.body)).to.not.include('+380675559876');
    }
    const anon = await api.http.post('/api/v1/codec/decode').send({ payloads: startInput() });
    expect(anon.status).to.equal(401);
  });

  it('decodes for the staff session cookie the Temporal UI sends, and only for staff', async () => {
    const { token } = await api.userWith('operator');
    const opened = await api.http.post('/api/v1/staff-session').set(bearer(token));
    expect(opened.status).to.equal(200);
    const setCookie = String(opened.headers['set-cookie']);
    expect(setCookie).to.match(/^cc_staff=[^;]+; Path=\/; Max-Age=\d+; HttpOnly; Secure; SameSite=Strict/);
    const cookie = setCookie.split(';')[0]!;
    const res = await api.http.post('/api/v1/codec/decode').set('Cookie', cookie).send({ payloads: startInput() });
    expect(res.status).to.equal(200);
    expect(dataOf((res.body.payloads as JsonPayload[])[0]!)).to.include('+380675559876');
    const applicant = await api.userWith('applicant');
    expect((await api.http.post('/api/v1/staff-session').set(bearer(applicant.token))).status).to.equal(403);
    const closed = await api.http.delete('/api/v1/staff-session');
    expect(String(closed.headers['set-cookie'])).to.match(/^cc_staff=; Path=\/; Max-Age=0/);
  });

  it("serves the Temporal CLI's remote codec protocol: `temporal workflow show --codec-endpoint` shows the applicant to staff", async () => {
    const { token } = await api.userWith('manager');
    const show = (auth: string): Promise<{ code: number; out: string }> =>
      new Promise((resolve) => {
        execFile(
          testStack().TEMPORAL_CLI_PATH,
          ['workflow', 'show', '--address', testStack().TEMPORAL_ADDRESS, '--workflow-id', requestWorkflowId(number), '--output', 'json', '--codec-endpoint', `${api.url}/api/v1/codec`, '--codec-auth', auth],
          { timeout: 60_000 },
          (err, stdout, stderr) => resolve({ code: err ? 1 : 0, out: `${stdout}${stderr}` }),
        );
      });
    // What the CLI shows: its JSON, with payloads' data in base64 (as protobuf JSON has bytes).
    const shown = (out: string): string => `${out}\n${[...out.matchAll(/"data":\s*"([A-Za-z0-9+/=]+)"/g)].map((m) => Buffer.from(m[1]!, 'base64').toString('utf8')).join('\n')}`;
    const staff = await show(`Bearer ${token}`);
    expect(staff.code, staff.out).to.equal(0);
    expect(shown(staff.out)).to.include('+380675559876');
    const applicant = await api.userWith('applicant');
    const refused = await show(`Bearer ${applicant.token}`);
    expect(shown(refused.out)).to.not.include('+380675559876');
  });

  it('passes a plaintext payload through and refuses one sealed under a key the deployment does not hold (422)', async () => {
    const { token } = await api.userWith('admin');
    const plain = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('"hello"').toString('base64') };
    const ok = await api.http.post('/api/v1/codec/decode').set(bearer(token)).send({ payloads: [plain] });
    expect(ok.status).to.equal(200);
    expect(ok.body.payloads).to.deep.equal([plain]);
    const foreign = createPayloadCodec(payloadKeysSchema.parse(newPayloadKey('elsewhere-1')));
    const [sealed] = await foreign.encode([{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"secret"') }]);
    const refused = await api.http.post('/api/v1/codec/decode').set(bearer(token)).send({ payloads: [toJson(sealed!)] });
    expect(refused.status).to.equal(422);
    expect(refused.body.error).to.include({ code: 'payload_undecodable' });
    expect(refused.body.error.details).to.deep.equal({ keyId: 'elsewhere-1' });
  });
});
