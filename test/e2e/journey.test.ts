/**
 * The README's journey through `npm run up`'s own code path (infra/cli.ts up): the six services as
 * separate processes on the test stack's servers. An admin signs in, creates an operator and an
 * executor user; the operator registers a phone call; the executor finds it in its list and its
 * email in the mailbox, ops find the workflow in Temporal by its number; the request is worked and
 * closed, and the applicant is told. Then the repair-work journey: an executor registers an emergency,
 * the public feed shows it, a call at that address is linked to it, and the executor closes the work
 * and proposes closure of the linked request. Ctrl-C (SIGINT) then stops everything.
 */
import { Client, Connection } from '@temporalio/client';
import { DateTime } from 'luxon';
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import request from 'supertest';
import { freePort } from '../../infra/stack/process.ts';
import { bearer, phoneCall, pluck } from '../gateway/support.ts';
import { familiesOf, type Series } from '../support/metrics-text.ts';
import { mailTo } from '../notification/support.ts';
import { ALWAYS_WORKING } from '../support/calendars.ts';
import { eventually, mongoUrlFor, testDataConverter, testStack } from '../support/stack.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const ADMIN = { login: 'city.admin', password: 'journey-admin-password' };

describe('the whole system as `npm run up` starts it', function () {
  this.timeout(180_000);
  let up: ChildProcess;
  let output = '';
  let exited: Promise<number | null>;
  let api: ReturnType<typeof request>;
  let temporal: Connection;
  let metricsBase: number;

  before(async () => {
    const s = testStack();
    const port = await freePort();
    metricsBase = await freePort();
    up = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'infra', 'cli.ts'), 'up'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        // The test stack's servers stand in for the embedded ones: nothing is installed or started for them.
        TEMPORAL_ADDRESS: s.TEMPORAL_ADDRESS,
        MONGO_URL: mongoUrlFor('journey'),
        NATS_URL: s.NATS_URL,
        SMTP_URL: s.SMTP_URL,
        PORT: String(port),
        // Each process's metrics port, from here on (npm run up prints them).
        METRICS_PORT_BASE: String(metricsBase),
        ADMIN_LOGIN: ADMIN.login,
        ADMIN_PASSWORD: ADMIN.password,
        // Numbers (and so workflow ids) and the notifier's durable of this run's own, on shared servers.
        CITY_PREFIX: `J${randomBytes(3).toString('hex').toUpperCase().replace(/[^A-Z0-9]/g, '')}`.slice(0, 7),
        NOTIFY_DURABLE: `journey-${randomBytes(4).toString('hex')}`,
        NOTIFY_DELIVER_POLICY: 'new',
        LOG_LEVEL: 'warn',
      },
    });
    up.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    up.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    exited = new Promise((resolve) => up.once('exit', (code) => resolve(code)));
    const ready = eventually(async () => (output.includes('all services ready') ? true : undefined), 'npm run up to report every service ready', 120_000);
    const died = exited.then((code) => {
      throw new Error(`npm run up exited with ${code} before it was ready`);
    });
    try {
      await Promise.race([ready, died]);
    } catch (err) {
      throw new Error(`${err instanceof Error ? err.message : String(err)}; it printed:\n${output}`, { cause: err });
    }
    died.catch(() => undefined);
    api = request(`http://127.0.0.1:${port}`);
    temporal = await Connection.connect({ address: s.TEMPORAL_ADDRESS });
  });

  after(async () => {
    await temporal?.close();
    if (up && up.exitCode === null) {
      up.kill('SIGINT');
      await exited;
    }
  });

  it('5.12 takes a phone call from registration to the applicant’s closure notice, across the separate service processes', async () => {
    expect(output).to.include('(/readyz: 200)');
    const login = async (l: string, password: string): Promise<string> => {
      const res = await api.post('/api/v1/auth/login').send({ login: l, password });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      return res.body.token as string;
    };
    const admin = await login(ADMIN.login, ADMIN.password);
    expect((await api.put('/api/v1/calendar').set(bearer(admin)).send(ALWAYS_WORKING)).status).to.equal(200);
    const users = [
      { login: 'olena.operator', password: 'operator-pass-1', role: 'operator', name: 'Олена Оператор' },
      { login: 'ivan.vodokanal', password: 'executor-pass-1', role: 'executor', name: 'Іван Коваленко', executorId: 'vodokanal' },
    ];
    for (const u of users) expect((await api.post('/api/v1/users').set(bearer(admin)).send(u)).status).to.equal(201);
    const operator = await login('olena.operator', 'operator-pass-1');
    const executor = await login('ivan.vodokanal', 'executor-pass-1');

    const applicantEmail = `resident-${randomBytes(4).toString('hex')}@example.org`;
    const call = phoneCall({ applicant: { name: 'Марія Іваненко', phone: '067 555 12 34', email: applicantEmail } });
    const registered = await api.post('/api/v1/requests').set(bearer(operator)).set('Idempotency-Key', randomBytes(8).toString('hex')).send(call);
    expect(registered.status, JSON.stringify(registered.body)).to.equal(201);
    const number = registered.body.number as string;
    expect(registered.body).to.include({ executorId: 'vodokanal', status: 'in_progress' });

    const list = await api.get('/api/v1/requests').set(bearer(executor));
    expect(pluck(list.body.items, 'number')).to.include(number);
    const told = await eventually(async () => {
      const mails = (await mailTo('dispatch@vodokanal.example.org')).filter((m) => m.subject.includes(number));
      return mails.length > 0 ? mails : undefined;
    }, 'the executor’s new-request email');
    expect(told).to.have.length(1);

    const client = new Client({ connection: temporal, dataConverter: testDataConverter() });
    const found = await eventually(async () => {
      const ids: string[] = [];
      for await (const w of client.workflow.list({ query: `RequestNumber = "${number}"` })) ids.push(w.workflowId);
      return ids.length > 0 ? ids : undefined;
    }, 'the workflow by its RequestNumber search attribute');
    expect(found).to.deep.equal([`request-${number}`]);

    const act = (token: string, p: string, body: object = {}) => api.post(`/api/v1/requests/${number}/${p}`).set(bearer(token)).send(body);
    expect((await act(executor, 'acceptance')).status).to.equal(200);
    const proposal = {
      result: 'Відновлено тиск: замінено регулятор на вводі',
      unit: 'Аварійна служба',
      enterprise: 'КП «Кривбасводоканал»',
      executorSurname: 'Коваленко',
      executorPhone: '+380671000101',
      date: DateTime.now().setZone('Europe/Kyiv').toISODate()!,
      applicantInformedVia: 'mobile',
    };
    expect((await act(executor, 'closure-proposal', proposal)).status).to.equal(200);
    const review = await act(operator, 'review', { decision: 'approve', note: 'Підтверджено заявником по телефону' });
    expect(review.status, JSON.stringify(review.body)).to.equal(200);
    expect(review.body.status).to.equal('closed');

    const [closure] = await eventually(() => mailTo(applicantEmail).then((m) => (m.some((x) => x.subject.includes('виконано')) ? m : undefined)), 'the applicant’s closure notice');
    expect(closure!.subject).to.include(number);
    expect(closure!.text).to.include('Відновлено тиск: замінено регулятор на вводі');
  });

  it('8.1.6 2.8 follows the README’s repair-work journey: an emergency in the public feed, a call linked to it, the work closed and the linked request proposed for closure', async () => {
    const admin = (await api.post('/api/v1/auth/login').send(ADMIN)).body.token as string;
    const users = [
      { login: 'iryna.operator', password: 'operator-pass-2', role: 'operator', name: 'Ірина Оператор' },
      { login: 'petro.vodokanal', password: 'executor-pass-2', role: 'executor', name: 'Петро Диспетчер', executorId: 'vodokanal' },
    ];
    for (const u of users) expect((await api.post('/api/v1/users').set(bearer(admin)).send(u)).status).to.equal(201);
    const operator = (await api.post('/api/v1/auth/login').send({ login: 'iryna.operator', password: 'operator-pass-2' })).body.token as string;
    const executor = (await api.post('/api/v1/auth/login').send({ login: 'petro.vodokanal', password: 'executor-pass-2' })).body.token as string;
    const street = `вул. Журналістська ${randomBytes(3).toString('hex')}`;

    // 1. The executor registers an emergency on the street.
    const work = await api
      .post('/api/v1/repair-works')
      .set(bearer(executor))
      .send({
        kind: 'emergency',
        district: 'Саксаганський',
        street,
        buildings: [],
        categoryCodes: ['WATER-02'],
        description: 'Пошкоджено водогін, тиск знижено',
        startsAt: new Date(Date.now() - 20 * 60_000).toISOString(),
        expectedEndAt: new Date(Date.now() + 4 * 3_600_000).toISOString(),
      });
    expect(work.status, JSON.stringify(work.body)).to.equal(201);
    const id = work.body.id as string;

    // 2. Anyone sees it in the public feed, without a token.
    const feed = await api.get('/api/v1/public/repair-works').query({ district: 'Саксаганський', street });
    expect(pluck(feed.body.items, 'id')).to.deep.equal([id]);
    expect((await api.get('/api/v1/public/feed.atom')).text).to.include(`urn:contact-center:repair-work:${id}`);

    // 3. The operator taking a call at that address is told about the outage, and the call is linked to it.
    const active = await api.get('/api/v1/repair-works/active').set(bearer(operator)).query({ district: 'Саксаганський', street, building: '12' });
    expect(active.body).to.deep.include({ known: true });
    const call = await api
      .post('/api/v1/requests')
      .set(bearer(operator))
      .send(phoneCall({ address: { district: 'Саксаганський', street, building: '12', apartment: '3' } }));
    expect(call.status, JSON.stringify(call.body)).to.equal(201);
    expect(call.body.repairWork).to.include({ id, expectedEndAt: work.body.expectedEndAt });

    // 4. The executor closes the work and proposes closure for the linked request in one call.
    const closed = await api.post(`/api/v1/repair-works/${id}/close`).set(bearer(executor)).send({ actualEndAt: new Date().toISOString(), note: 'Водогін відремонтовано' });
    expect(closed.status, JSON.stringify(closed.body)).to.equal(200);
    expect(closed.body.linkedRequests).to.equal(1);
    const bulk = await api
      .post(`/api/v1/repair-works/${id}/closure-proposals`)
      .set(bearer(executor))
      .send({
        result: 'Тиск відновлено після ремонту водогону',
        unit: 'Аварійна служба',
        enterprise: 'КП «Кривбасводоканал»',
        executorSurname: 'Диспетчер',
        executorPhone: '+380671000101',
        date: DateTime.now().setZone('Europe/Kyiv').toISODate()!,
        applicantInformedVia: 'mobile',
      });
    expect(bulk.status, JSON.stringify(bulk.body)).to.equal(200);
    expect(bulk.body).to.include({ proposed: 1, refused: 0 });
    expect((await api.get(`/api/v1/requests/${call.body.number as string}`).set(bearer(operator))).body.status).to.equal('closure_proposed');
    const told = await eventually(async () => {
      const mails = (await mailTo('dispatch@vodokanal.example.org')).filter((m) => m.subject.includes(id));
      return mails.length > 0 ? mails : undefined;
    }, 'the executor’s email listing the requests the closed work explained');
    expect(told[0]!.text).to.include(call.body.number as string);
  });

  it('serves every process’s metrics where `npm run up` says, in the Prometheus text format, with what each process did on the journey', async () => {
    // The lines `npm run up` printed: "Metrics       gateway http://…/metrics" and one more line per process.
    const urls = new Map([...output.matchAll(/^\s+(?:Metrics\s+)?([a-z-]+(?:-\d+)?) (http:\/\/127\.0\.0\.1:\d+\/metrics)$/gm)].map((m) => [m[1]!, m[2]!]));
    expect([...urls.keys()].sort()).to.deep.equal(['consultations', 'gateway', 'intake', 'notification', 'repair-works', 'reporting', 'worker']);
    const scraped = new Map<string, Map<string, Series[]>>();
    for (const [service, url] of urls) {
      const res = await fetch(url);
      expect(res.status, url).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
      const families = familiesOf(await res.text());
      scraped.set(service, families);
      expect(families.get('process_cpu_seconds_total')?.[0]?.labels, `${service}: the process's own figures, labelled with its service`).to.include({ service });
    }
    const series = (service: string, name: string, labels: Record<string, string> = {}) =>
      (scraped.get(service)!.get(name) ?? []).filter((m) => Object.entries(labels).every(([k, v]) => m.labels[k] === v));
    const total = (service: string, name: string, labels: Record<string, string> = {}) => series(service, name, labels).reduce((n, m) => n + m.value, 0);
    // The registrations the journey made, by route template, at the gateway and at intake.
    expect(total('gateway', 'cc_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/requests', status: '201' }), JSON.stringify(series('gateway', 'cc_http_request_duration_seconds_count'))).to.be.at.least(2);
    // An action on one request is labelled by its route's template, never by the request's number.
    expect(total('gateway', 'cc_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/requests/:number/acceptance', status: '200' })).to.equal(1);
    expect(series('gateway', 'cc_http_request_duration_seconds_count').filter((m) => /\d{4}-\d+/.test(m.labels.route ?? ''))).to.be.empty;
    expect(total('gateway', 'cc_nats_request_duration_seconds_count', { subject: 'cc.cmd.intake.register', outcome: 'ok' })).to.be.at.least(2);
    expect(total('intake', 'cc_nats_command_duration_seconds_count', { subject: 'cc.cmd.intake.register', outcome: 'ok' })).to.be.at.least(2);
    expect(total('intake', 'cc_temporal_client_request_duration_seconds_count', { outcome: 'ok' })).to.be.at.least(2);
    // The worker's Temporal SDK core figures, merged into its scrape.
    expect(total('worker', 'temporal_workflow_task_execution_latency_count')).to.be.greaterThan(0);
    expect(series('worker', 'temporal_sticky_cache_size')).to.not.be.empty;
    // The emails of the journey, and the consumers' backlog.
    expect(total('notification', 'cc_notifications_total', { channel: 'email', outcome: 'sent' })).to.be.at.least(2);
    expect(series('notification', 'cc_jetstream_consumer_pending_messages')).to.have.length(1);
    expect(series('reporting', 'cc_jetstream_consumer_pending_messages').length).to.be.at.least(1);
    expect(total('repair-works', 'cc_nats_command_duration_seconds_count', { subject: 'cc.cmd.repair-works' })).to.be.at.least(1);
  });

  it('stops every service on Ctrl-C (SIGINT) and exits 0', async () => {
    up.kill('SIGINT');
    expect(await exited).to.equal(0);
    expect(output).to.include('stopped');
  });
});
