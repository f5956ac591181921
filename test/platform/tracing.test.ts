/**
 * One registration is one trace: the gateway's HTTP span, the NATS call to intake and intake's
 * answer, the Temporal start, the worker's workflow and activities, MongoDB commands, the JetStream
 * publish and the notification service's handling of the event, all under one trace id, with the
 * context crossing each hop in NATS or Temporal headers. The services run in this process with an
 * in-memory exporter; each starts from its own connections, so nothing but the headers joins them.
 */
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { SUBJECTS } from '../../contracts/wire.ts';
import type { RunningService } from '../../platform/service.ts';
import { installTracing, uninstallTracing } from '../../platform/tracing.ts';
import { notificationEnv } from '../../services/notification/config.ts';
import { startNotification } from '../../services/notification/service.ts';
import { bearer, phoneCall, startApi, str, type Api } from '../gateway/support.ts';
import { eventually, testLogger, testStack } from '../support/stack.ts';

describe('tracing', function () {
  this.timeout(120_000);
  const exporter = new InMemorySpanExporter();
  let api: Api | undefined;
  let notification: RunningService | undefined;

  before(async () => {
    installTracing({ service: 'contact-center-test', exporter });
    api = await startApi({ name: 'tracing', worker: true });
    const s = testStack();
    notification = await startNotification(
      notificationEnv.parse({
        NODE_ENV: 'test',
        LOG_LEVEL: 'error',
        MONGO_URL: api.mongoUrl,
        NATS_URL: s.NATS_URL,
        SMTP_URL: s.SMTP_URL,
        NOTIFY_DURABLE: `tracing-${randomUUID().slice(0, 8)}`,
        NOTIFY_DELIVER_POLICY: 'new',
      }),
      testLogger,
    );
  });

  after(async () => {
    await notification?.stop();
    await api?.stop();
    await uninstallTracing();
  });

  it('follows one registration across every hop in one trace: HTTP → NATS → intake → Temporal start → worker → activities → MongoDB → JetStream → notification', async () => {
    const operator = (await api!.userWith('operator')).token;
    const applicant = { name: 'Олена Трасувальна', phone: '+380671112233' };
    const description = `Тече труба у підвалі ${randomUUID()}`;
    const res = await api!.http
      .post('/api/v1/requests')
      .set(bearer(operator))
      .send(phoneCall({ categoryCode: 'LIFT-01', applicant, description }));
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const number = str(res.body.number);

    const spans = (): ReadableSpan[] => exporter.getFinishedSpans();
    const http = spans().find((s) => s.kind === SpanKind.SERVER && s.attributes['http.route'] === '/api/v1/requests' && s.attributes['http.request.method'] === 'POST' && s.attributes['http.response.status_code'] === 201);
    expect(http, 'the HTTP span of the registration').to.not.equal(undefined);
    const traceId = http!.spanContext().traceId;
    const inTrace = (): ReadableSpan[] => spans().filter((s) => s.spanContext().traceId === traceId);
    const byId = (): Map<string, ReadableSpan> => new Map(inTrace().map((s) => [s.spanContext().spanId, s]));
    const parentOf = (s: ReadableSpan): string | undefined => s.parentSpanId;

    // The executor's notice is the last hop: the notification service handling the registration event, in this trace.
    const consumed = await eventually(
      async () => inTrace().find((s) => s.kind === SpanKind.CONSUMER && s.name === 'cc.events.request.registered process'),
      'the notification service to handle the registration event in the same trace',
      60_000,
    );
    // …and the worker's activities of the request's workflow, in the same trace.
    // (The workflow's spans come out of the sandbox through a sink after the activation that ended them.)
    await eventually(
      async () => {
        const t = inTrace();
        return t.find((a) => a.name.startsWith('RunActivity:') && t.some((s) => s.name.startsWith('StartActivity:') && s.spanContext().spanId === a.parentSpanId));
      },
      'an activity span under the workflow’s span in the trace',
      60_000,
    );

    const all = inTrace();
    const names = all.map((s) => s.name);
    expect(http!.parentSpanId, 'the HTTP span starts the trace').to.equal(undefined);
    const natsCall = all.find((s) => s.kind === SpanKind.CLIENT && s.name === `${SUBJECTS.intakeRegister} request`);
    expect(natsCall, names.join(', ')).to.not.equal(undefined);
    const intake = all.find((s) => s.kind === SpanKind.SERVER && s.name === `${SUBJECTS.intakeRegister} process`);
    expect(intake?.parentSpanId, 'intake answers in a child of the gateway’s NATS call (the context came in its headers)').to.equal(natsCall!.spanContext().spanId);
    const start = all.find((s) => s.name.startsWith('StartWorkflow:'));
    expect(start, names.join(', ')).to.not.equal(undefined);
    // The workflow's own span lasts as long as the request; the spans it makes inside the sandbox (scheduling an activity) are exported as they end.
    const scheduled = all.find((s) => s.name.startsWith('StartActivity:'));
    expect(scheduled, `the worker's workflow scheduling an activity: ${names.join(', ')}`).to.not.equal(undefined);
    const activity = all.find((s) => s.name.startsWith('RunActivity:') && s.parentSpanId === scheduled!.spanContext().spanId);
    expect(activity, `the activity runs in a child of the workflow's span: ${names.join(', ')}`).to.not.equal(undefined);
    expect(all.some((s) => s.kind === SpanKind.CLIENT && s.attributes['db.system'] === 'mongodb' && parentOf(s) === intake!.spanContext().spanId), 'intake’s MongoDB commands').to.equal(true);
    // A MongoDB command under an activity (or under a span inside one).
    const ids = byId();
    const under = (s: ReadableSpan, ancestor: ReadableSpan): boolean => {
      for (let p = s.parentSpanId; p; p = ids.get(p)?.parentSpanId) if (p === ancestor.spanContext().spanId) return true;
      return false;
    };
    expect(all.some((s) => s.attributes['db.system'] === 'mongodb' && all.some((a) => a.name.startsWith('RunActivity:') && under(s, a))), 'the activities’ MongoDB commands').to.equal(true);
    const publish = all.find((s) => s.kind === SpanKind.PRODUCER && s.name === 'cc.events.request.registered publish');
    expect(publish, names.join(', ')).to.not.equal(undefined);
    expect(consumed.parentSpanId, 'the consumer continues the publisher’s span (the context came in the message headers)').to.equal(publish!.spanContext().spanId);
    expect(under(consumed, http!), 'the notification hangs under the HTTP span').to.equal(true);

    // No personal data in any span of the trace: not the name, the phone, the description.
    const attributes = JSON.stringify(all.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events.map((e) => e.attributes ?? {}) })));
    for (const secret of [applicant.name, applicant.phone, applicant.phone.slice(4), description]) expect(attributes).to.not.contain(secret);
    expect(number).to.match(/^[A-Z0-9]+-\d{4}-\d+$/);
  });
});
