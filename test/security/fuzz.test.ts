/**
 * Item "Proof, not only review": Schemathesis against the served OpenAPI document, on a gateway of
 * this file's own (its own database, every service it calls running in this process), with the
 * checks: no 5xx, and status codes, bodies and content types as the document says. Sessions, one
 * after another on the same server:
 *   - anonymous, and with a stale (expired) token: the public operations;
 *   - each role, signed in as a fresh user of its own: the operations the document's `x-roles` gives
 *     that role and any signed-in user. What a role may not call is one 403 path (the RBAC table's,
 *     walked role by role in test/gateway/rbac.test.ts), so it is not fuzzed again here.
 * The admin goes last, since it changes what others' calls depend on (executors, the Classifier,
 * the calendar). Its PUT /users/{id} is pinned to a user of its own: Schemathesis learns ids from
 * answers (GET /auth/me), and a new password for the fuzzing admin itself revokes its token, which
 * left the rest of its session testing only 401s.
 *
 * A fixed seed, one worker and no example database make every run send the same cases, so a failure
 * here is a finding to fix, not a flake. A short budget here (FUZZ_MAX_EXAMPLES cases per operation,
 * the examples and fuzzing phases); `npm run fuzz` (infra/fuzz/main.ts) sets FUZZ_SECONDS for a
 * longer run with every phase. FUZZ_SEED and FUZZ_SESSIONS (e.g. "anonymous,admin") narrow a run.
 */
import { expect } from 'chai';
import { SignJWT } from 'jose';
import path from 'node:path';
import request from 'supertest';
import type { Role } from '../../contracts/users.ts';
import { ensureSchemathesis } from '../../infra/fuzz/install.ts';
import { clean, figures, findings, runSchemathesis, type FuzzResult } from '../../infra/fuzz/schemathesis.ts';
import { stackDir } from '../../infra/stack/paths.ts';
import type { RunningService } from '../../platform/service.ts';
import { createApp } from '../../services/gateway/app.ts';
import { startNotification } from '../../services/notification/service.ts';
import { startReporting } from '../../services/reporting/service.ts';
import { bearer, pluck, startApi, str, TEST_JWT_SECRET, type Api } from '../gateway/support.ts';
import { notificationConfig } from '../notification/support.ts';
import { reportingConfig } from '../reporting/support.ts';
import { testLogger } from '../support/stack.ts';
import { ProviderInbox } from './support.ts';

type Session = 'anonymous' | 'stale token' | Role;
/** The admin last: see above. */
const SESSIONS: readonly Session[] = ['anonymous', 'stale token', 'operator', 'manager', 'executor', 'analyst', 'applicant', 'ict', 'admin'];

const intEnv = (name: string, dflt: number): number => {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: a whole number from 1, got "${v}"`);
  return n;
};
/** A long run's time budget per session, in seconds; a short run is bounded by cases instead. */
const seconds = process.env.FUZZ_SECONDS ? intEnv('FUZZ_SECONDS', 1) : undefined;
const maxExamples = intEnv('FUZZ_MAX_EXAMPLES', seconds ? 100 : 5);
const seed = intEnv('FUZZ_SEED', 1520);
const sessions = process.env.FUZZ_SESSIONS ? SESSIONS.filter((s) => process.env.FUZZ_SESSIONS!.split(',').includes(s)) : SESSIONS;
/** Past this, a session's Schemathesis is killed and the test fails (a hung server cannot hang the suite). */
const deadlineMs = (seconds ? seconds + 120 : 150) * 1000;

type Access = 'public' | 'authenticated' | Role[];
type Doc = { paths: Record<string, Record<string, { operationId: string; 'x-roles': Access }>> };

/** The operations a session calls, by the served document's own `x-roles`. */
function operationsFor(doc: Doc, session: Session): string[] {
  const ops = Object.values(doc.paths).flatMap((item) => Object.values(item));
  const fits = (a: Access): boolean => (session === 'anonymous' || session === 'stale token' ? a === 'public' : a === 'authenticated' || (Array.isArray(a) && a.includes(session)));
  return ops.filter((op) => fits(op['x-roles'])).map((op) => op.operationId);
}

/** A token the gateway signed once, for a real user, that has expired. */
async function expiredToken(userId: string): Promise<string> {
  const past = Math.floor(Date.now() / 1000) - 60;
  return new SignJWT({ role: 'operator', ver: 0 })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuer('contact-center')
    .setAudience('api')
    .setIssuedAt(past - 3600)
    .setExpirationTime(past)
    .sign(new TextEncoder().encode(TEST_JWT_SECRET));
}

describe('security: Schemathesis on every operation of the served OpenAPI document, anonymous and as each role', function () {
  this.timeout(deadlineMs + 60_000);
  let api: Api;
  const services: RunningService[] = [];
  let doc: Doc;
  const results: FuzzResult[] = [];
  const reportDir = path.join(stackDir, 'fuzz', new Date().toISOString().replace(/[:.]/g, '-'));

  before(async function () {
    this.timeout(900_000);
    // The first run on a machine installs it (the pinned, hash-checked wheels), and says so.
    ensureSchemathesis((line) => process.stdout.write(`      [fuzz] ${line}\n`));
    // Limits no fuzz session should reach: they are tested where they are the subject (guessing.test.ts, uploads).
    const many = '1000000';
    api = await startApi({
      name: 'sec_fuzz',
      worker: true,
      repairWorks: true,
      consultations: true,
      env: { SMS_RESEND_AFTER_SECONDS: '0', SMS_CODES_PER_PHONE_PER_DAY: many, SMS_CODES_PER_ACCOUNT_PER_DAY: many, UPLOADS_PER_APPLICANT_PER_DAY: many, UPLOADS_PER_STAFF_PER_DAY: many, REQUESTS_PER_APPLICANT_PER_DAY: many },
    });
    services.push(await startNotification(notificationConfig(), testLogger, { sms: new ProviderInbox() }));
    services.push(await startReporting(reportingConfig(), testLogger));
    doc = (await api.http.get('/api/v1/openapi.json')).body as Doc;
  });
  after(async () => {
    for (const s of services.reverse()) await s.stop();
    await api?.stop();
    if (results.length === 0) return;
    const sum = (f: (r: FuzzResult) => number): number => results.reduce((a, r) => a + f(r), 0);
    const lines = [
      `seed ${seed}; ${seconds ? `${seconds} s per session, every phase` : `${maxExamples} cases per operation and mode, examples and fuzzing phases`}; reports in ${path.relative(process.cwd(), reportDir)}/`,
      ...results.map(figures),
      `total: ${new Set(results.flatMap((r) => r.operationIds)).size} operations in ${sum((r) => r.operations.tested)} session-operations, ${sum((r) => r.cases)} cases, ${sum((r) => r.failures.length)} distinct failures, ${sum((r) => r.errors.length)} errors, ${sum((r) => r.seconds).toFixed(1)} s`,
    ];
    process.stdout.write(`\n${lines.map((l) => `      [fuzz] ${l}`).join('\n')}\n`);
  });

  it('keeps a Classifier code sent in lower case in upper case, so GET /classifier answers only what its documented pattern allows', async () => {
    const admin = await api.userWith('admin');
    const category = { code: 'fuzz.low-01', name: 'Малі літери', executorId: 'housing', term: { amount: 1, unit: 'working_days' }, reworkTerm: { amount: 1, unit: 'working_days' } };
    const created = await api.http.post('/api/v1/classifier').set(bearer(admin.token)).send(category);
    expect(created.status).to.equal(201);
    expect(created.body.code).to.equal('FUZZ.LOW-01');
    const served = (await api.http.get('/api/v1/openapi.json')).body as { components: { schemas: { Category: { properties: { code: { pattern: string } } } } } };
    const pattern = new RegExp(served.components.schemas.Category.properties.code.pattern);
    const listed = pluck((await api.http.get('/api/v1/classifier')).body, 'code').map(str);
    expect(listed).to.include('FUZZ.LOW-01');
    expect(listed.filter((c) => !pattern.test(c))).to.deep.equal([]);
  });

  for (const session of sessions) {
    const who = session === 'anonymous' || session === 'stale token' ? `${session === 'anonymous' ? 'anonymously' : 'with a stale token'} on the public operations` : `as ${/^[aeiou]/.test(session) ? 'an' : 'a'} ${session}`;
    it(`${who}, no answer is a 5xx and every status, body and content type is the documented one`, async () => {
      let token: string | undefined;
      const pinned: Record<string, Record<string, string>> = {};
      if (session === 'stale token') token = await expiredToken((await api.userWith('operator')).id);
      else if (session !== 'anonymous') {
        // A fresh user and token per session: what an earlier session changed cannot sign this one out.
        token = (await api.userWith(session)).token;
        if (session === 'admin') pinned['users.update'] = { 'path.id': (await api.userWith('operator')).id };
      }
      const result = await runSchemathesis({
        schemaUrl: `${api.url}/api/v1/openapi.json`,
        ...(token ? { token } : {}),
        operationIds: operationsFor(doc, session),
        pinned,
        seed,
        maxExamples,
        ...(seconds ? { maxTimeSeconds: seconds } : {}),
        phases: seconds ? ['examples', 'coverage', 'fuzzing', 'stateful'] : ['examples', 'fuzzing'],
        deadlineMs,
        reportDir,
        name: session.replace(/\W+/g, '-'),
      });
      results.push(result);
      if (!clean(result)) process.stdout.write(`\n[fuzz] ${session}: Schemathesis found something (${figures(result)})\n${result.output}\n`);
      expect(findings(result), figures(result)).to.deep.equal([]);
      expect(result.operations.tested, 'operations tested').to.equal(result.operationIds.length);
    });
  }
});

describe('security: the OpenAPI document as Schemathesis reads it', () => {
  type Served = { paths: Record<string, Record<string, { operationId: string; parameters?: Array<{ in: string }>; responses: Record<string, unknown> }>>; components: { schemas: Record<string, unknown> } };
  const served = async (): Promise<Served> => (await request(createApp({ readiness: {} })).get('/api/v1/openapi.json')).body as Served;

  it('writes the calendar hour pairs as arrays of two times, with no prefixItems anywhere (Schemathesis refused the schema)', async () => {
    const doc = await served();
    expect(JSON.stringify(doc)).to.not.contain('prefixItems');
    const weekly = (doc.components.schemas.WorkingCalendar as { properties: { weekly: { properties: Record<string, unknown> } } }).properties.weekly.properties;
    const time = { type: 'string', pattern: '^(?:(?:[01]\\d|2[0-3]):[0-5]\\d|24:00)$' };
    for (const day of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']) expect(weekly[day], day).to.deep.equal({ type: 'array', items: { type: 'array', items: time, minItems: 2, maxItems: 2 } });
  });

  it('documents 404 on every operation whose path names a thing', async () => {
    const doc = await served();
    const missing = Object.values(doc.paths)
      .flatMap((item) => Object.values(item))
      .filter((op) => (op.parameters ?? []).some((p) => p.in === 'path') && !op.responses['404'])
      .map((op) => op.operationId);
    expect(missing).to.deep.equal([]);
  });

  it('documents the 422 of a body the Regulation demands whole (7.5 closure proposals of a repair work)', async () => {
    const doc = await served();
    expect(doc.paths['/repair-works/{id}/closure-proposals']!.post!.responses).to.have.property('422');
  });
});
