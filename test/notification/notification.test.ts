import type { NatsConnection } from '@nats-io/nats-core';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { Writable } from 'node:stream';
import winston from 'winston';
import { NOTIFICATION_SUBJECTS, type DeliveriesPage, type ParkedMessage } from '../../contracts/notification.ts';
import { connectNats, ensureStreams } from '../../platform/nats.ts';
import type { RunningService } from '../../platform/service.ts';
import { freePort } from '../../infra/stack/process.ts';
import { LoggingSmsChannel } from '../../services/notification/channels.ts';
import type { NotificationConfig } from '../../services/notification/config.ts';
import { startNotification } from '../../services/notification/service.ts';
import { eventually, testLogger, testStack } from '../support/stack.ts';
import {
  arrivedAt,
  closureResult,
  consumerInfo,
  deliveries,
  mailTo,
  memoEvent,
  notificationConfig,
  parked,
  publish,
  publishRaw,
  requestEvent,
  settled,
  staff,
  uniqueEmail,
} from './support.ts';

describe('notification service', function () {
  this.timeout(60_000);
  let nc: NatsConnection;

  before(async () => {
    nc = await connectNats(testStack().NATS_URL, 'notification-test');
    await ensureStreams(nc);
  });
  after(async () => {
    await nc.close();
  });

  describe('who is told what', () => {
    let config: NotificationConfig;
    let svc: RunningService;
    before(async () => {
      config = notificationConfig();
      svc = await startNotification(config, testLogger);
    });
    after(async () => {
      await svc.stop();
    });

    it('5.12 emails the executor a new request with its number in the subject and the card in plain text and HTML', async () => {
      const e = requestEvent('request.registered');
      await publish(nc, e);
      const to = e.data.request.executor.email!;
      const [mail] = await eventually(() => arrivedAt(to), 'the executor’s email');
      expect(mail!.from).to.equal(config.MAIL_FROM);
      expect(mail!.subject).to.equal(`Звернення № ${e.data.request.number}: нове звернення на виконання`);
      for (const part of [mail!.text, mail!.html]) {
        expect(part).to.include(e.data.request.number);
        expect(part).to.include('вул. Степана Тільги, буд. 12, кв. 45');
        expect(part).to.include('Третю добу немає холодної води');
        expect(part).to.include('3 березня 2026 р. о 17:00');
      }
      expect(mail!.html).to.match(/^<!doctype html><html lang="uk">/);
    });

    it('5.12 emails the applicant the registration number and the deadline', async () => {
      const e = requestEvent('request.registered');
      await publish(nc, e);
      const [mail] = await eventually(() => arrivedAt(e.data.request.applicant.email!), 'the applicant’s email');
      expect(mail!.subject).to.equal(`Ваше звернення зареєстровано за № ${e.data.request.number}`);
      expect(mail!.text).to.include('Шановний(а) Олена Петренко!');
      expect(mail!.text).to.include('Термін розгляду: до 3 березня 2026 р. о 17:00');
      expect(mail!.text).to.include('КП «Кривбасводоканал»');
    });

    it('8.2.1 emails the new executor when the request is handed over to it', async () => {
      const e = requestEvent('request.executor_changed', { details: { note: 'Мережа на балансі КП «Кривбасводоканал»' } });
      await publish(nc, e);
      const [mail] = await eventually(() => arrivedAt(e.data.request.executor.email!), 'the new executor’s email');
      expect(mail!.subject).to.equal(`Звернення № ${e.data.request.number}: передано вам на виконання`);
      expect(mail!.text).to.include('Примітка оператора: Мережа на балансі КП «Кривбасводоканал»');
      expect(await mailTo(e.data.request.applicant.email!)).to.have.length(0);
    });

    it('10.3 emails the executor when a request is returned for rework, with the new deadline and the operator’s note', async () => {
      const e = requestEvent('request.returned_for_rework', {
        status: 'rework',
        deadlineAt: '2026-03-10T15:45:00+02:00',
        details: { origin: '9.2.4', note: 'Вода є лише на першому поверсі' },
      });
      await publish(nc, e);
      const [mail] = await eventually(() => arrivedAt(e.data.request.executor.email!), 'the executor’s rework email');
      expect(mail!.subject).to.equal(`Звернення № ${e.data.request.number}: повернуто на доопрацювання`);
      expect(mail!.text).to.include('за результатами розгляду пропозиції про закриття (п. 9.2.4 Регламенту)');
      expect(mail!.text).to.include('Новий термін виконання: 10 березня 2026 р. о 15:45');
      expect(mail!.text).to.include('Примітка оператора: Вода є лише на першому поверсі');
      const [toApplicant] = await eventually(() => arrivedAt(e.data.request.applicant.email!), 'the applicant’s rework notice');
      expect(toApplicant!.subject).to.equal(`Звернення № ${e.data.request.number}: повернуто виконавцю на доопрацювання`);
    });

    it('8.1.2 reminds the executor by email of a request it has not yet accepted', async () => {
      const e = requestEvent('request.acceptance_reminder');
      await publish(nc, e);
      const [mail] = await eventually(() => arrivedAt(e.data.request.executor.email!), 'the acceptance reminder');
      expect(mail!.subject).to.equal(`Звернення № ${e.data.request.number}: нагадування — звернення ще не взято в роботу`);
      expect(mail!.text).to.include('п. 8.1.2 Регламенту');
      expect(mail!.text).to.include('Третю добу немає холодної води');
      expect(await mailTo(e.data.request.applicant.email!)).to.have.length(0);
    });

    it('8.1.5 reminds the executor of the deadline and tells it when the request is overdue', async () => {
      const executorEmail = uniqueEmail('executor');
      const number = `KR-2026-${String(Date.now() % 900000 + 100000)}`;
      await publish(nc, requestEvent('request.deadline_reminder', { number, executorEmail }));
      await publish(nc, requestEvent('request.overdue', { number, executorEmail }));
      const mails = await eventually(async () => {
        const m = await mailTo(executorEmail);
        return m.length >= 2 ? m : undefined;
      }, 'both emails');
      expect(mails.map((m) => m.subject).sort()).to.deep.equal([`Звернення № ${number}: нагадування про термін виконання`, `Звернення № ${number}: порушено термін виконання`]);
    });

    it('7.5 emails the applicant the closure result with the unit, the enterprise, the executor’s surname and phone and the date', async () => {
      const e = requestEvent('request.closed', { status: 'closed', details: { result: closureResult() } });
      await publish(nc, e);
      const [mail] = await eventually(() => arrivedAt(e.data.request.applicant.email!), 'the closure notice');
      expect(mail!.subject).to.equal(`Звернення № ${e.data.request.number}: виконано`);
      for (const part of [mail!.text, mail!.html]) {
        expect(part).to.include('Замінено засувку на вводі, водопостачання відновлено.');
        expect(part).to.include('Дільниця № 3 аварійно-відновлювальних робіт');
        expect(part).to.include('КП «Кривбасводоканал»');
        expect(part).to.include('Коваленко');
        expect(part).to.include('+380564901122');
        expect(part).to.include('3 березня 2026 р.');
      }
      expect(mail!.text).to.include('Як вас поінформовано: за мобільним телефоном');
      // The executor proposed the closure; it is not told again.
      expect(await mailTo(e.data.request.executor.email!)).to.have.length(0);
    });

    it('5.7 asks every manager named in a memo to approve it, and ICT to block the number once it is approved', async () => {
      const managers = [uniqueEmail('manager'), uniqueEmail('manager')];
      const created = memoEvent('memo.created', [...managers, managers[0]!.toUpperCase()]);
      await publish(nc, created);
      for (const m of managers) {
        const mails = await eventually(() => arrivedAt(m), `the memo at ${m}`);
        expect(mails).to.have.length(1);
        expect(mails[0]!.subject).to.equal(`Доповідна записка № ${created.data.memoId}: відмова в прийнятті звернення — потрібне погодження`);
        expect(mails[0]!.text).to.include('+380501112233');
        expect(mails[0]!.text).to.include('Заявник систематично вживав нецензурну лексику.');
        expect(mails[0]!.text).to.include('Підстава відмови: нецензурна лексика');
      }
      const ict = uniqueEmail('ict');
      const approved = memoEvent('memo.approved', [ict]);
      await publish(nc, approved);
      const [toIct] = await eventually(() => arrivedAt(ict), 'the ICT email');
      expect(toIct!.subject).to.equal(`Доповідна записка № ${approved.data.memoId} погоджена: заблокуйте номер +380501112233`);
    });

    it('logs a notification with nobody to send it to as skipped, so staff see it', async () => {
      const e = requestEvent('request.overdue', { executorEmail: null });
      await publish(nc, e);
      const page = await eventually(async () => {
        const p = await deliveries(nc, { requestNumber: e.data.request.number });
        return p.items.length > 0 ? p : undefined;
      }, 'the delivery log entry');
      expect(page.items[0]).to.include({ status: 'skipped', recipient: 'executor:kp-kryvbasvodokanal', template: 'executor.overdue', attempts: 0 });
      expect(page.items[0]!.lastError).to.include('no email');
    });

    it('lists the delivery log for staff by request number, newest first, with paging', async () => {
      const e = requestEvent('request.registered');
      await publish(nc, e);
      const all = await eventually(async () => {
        const p = await deliveries(nc, { requestNumber: e.data.request.number });
        return p.items.length === 2 && p.items.every((d) => d.status === 'sent') ? p : undefined;
      }, 'two sent deliveries');
      expect(all.items.map((d) => d.template).sort()).to.deep.equal(['applicant.registered', 'executor.new_request']);
      for (const d of all.items) {
        expect(d).to.include({ eventId: e.id, eventType: 'request.registered', channel: 'email', attempts: 1 });
        expect(d.subject).to.include(e.data.request.number);
        expect(d.sentAt).to.be.a('string');
      }
      const first = await deliveries(nc, { requestNumber: e.data.request.number, pageSize: 1, page: 1 });
      const second = await deliveries(nc, { requestNumber: e.data.request.number, pageSize: 1, page: 2 });
      expect(first).to.include({ total: 2, page: 1, pageSize: 1 });
      expect([first.items[0]!.id, second.items[0]!.id].sort()).to.deep.equal(all.items.map((d) => d.id).sort());
      expect(first.items[0]!.createdAt >= second.items[0]!.createdAt).to.equal(true);
      const byRecipient = await deliveries(nc, { recipient: e.data.request.executor.email!, status: 'sent' });
      expect(byRecipient.items.map((d) => d.template)).to.deep.equal(['executor.new_request']);
    });

    it('answers an invalid staff query with invalid_input naming the field', async () => {
      const reply = await staff<DeliveriesPage>(nc, NOTIFICATION_SUBJECTS.deliveries, { status: 'lost', pageSize: 1000 });
      expect(reply.ok).to.equal(false);
      if (reply.ok) return;
      expect(reply.error.code).to.equal('invalid_input');
      expect((reply.error.details as Array<{ path: string }>).map((d) => d.path).sort()).to.deep.equal(['pageSize', 'status']);
      const missing = await staff<ParkedMessage>(nc, NOTIFICATION_SUBJECTS.redrive, { id: '0123456789abcdef01234567' });
      expect(missing).to.deep.include({ ok: false });
      expect(!missing.ok && missing.error.code).to.equal('not_found');
    });

    it('sends nothing for events nobody must hear about, and parks none of them', async () => {
      const accepted = requestEvent('request.accepted');
      await publish(nc, accepted);
      await publishRaw(nc, `cc.events.repair_work.registered`, JSON.stringify({ id: randomUUID(), type: 'repair_work.registered', data: {} }));
      await eventually(() => settled(nc, config.NOTIFY_DURABLE), 'the consumer to settle');
      expect(await mailTo(accepted.data.request.executor.email!)).to.have.length(0);
      expect((await deliveries(nc, { eventId: accepted.id })).total).to.equal(0);
      expect((await parked(nc)).total).to.equal(0);
    });
  });

  describe('once and only once', () => {
    it('sends one email when the same event is delivered twice', async () => {
      const config = notificationConfig();
      const svc = await startNotification(config, testLogger);
      try {
        const e = requestEvent('request.overdue');
        await publish(nc, e);
        // The outbox relayed it again after the stream's duplicate window: a second message, same event.
        await publish(nc, e, randomUUID());
        await eventually(() => arrivedAt(e.data.request.executor.email!), 'the email');
        await eventually(async () => ((await settled(nc, config.NOTIFY_DURABLE)) && (await deliveries(nc, { eventId: e.id })).items[0]?.status === 'sent') || undefined, 'both messages handled');
        expect(await mailTo(e.data.request.executor.email!)).to.have.length(1);
        const log = await deliveries(nc, { eventId: e.id });
        expect(log.items).to.have.length(1);
        expect(log.items[0]).to.include({ status: 'sent', attempts: 1 });
      } finally {
        await svc.stop();
      }
    });

    it('delivers after a restart what was published while it was down, and nothing it had already sent', async () => {
      const config = notificationConfig();
      const before = requestEvent('request.deadline_reminder');
      const first = await startNotification(config, testLogger);
      try {
        await publish(nc, before);
        await eventually(() => arrivedAt(before.data.request.executor.email!), 'the first email');
      } finally {
        await first.stop();
      }
      const whileDown = requestEvent('request.overdue');
      await publish(nc, whileDown);
      const second = await startNotification(config, testLogger);
      try {
        await eventually(() => arrivedAt(whileDown.data.request.executor.email!), 'the email published while down');
        await eventually(() => settled(nc, config.NOTIFY_DURABLE), 'the consumer to settle');
        expect(await mailTo(before.data.request.executor.email!)).to.have.length(1);
        expect(await mailTo(whileDown.data.request.executor.email!)).to.have.length(1);
      } finally {
        await second.stop();
      }
    });

    it('sends one email when the server redelivers an event whose mail is still being sent', async () => {
      // A real SMTP server that takes longer to accept a message than the consumer's ack wait.
      const port = await freePort();
      const received: string[] = [];
      const slow = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onData(stream, session, cb) {
          stream.resume();
          stream.on('end', () => {
            received.push(...session.envelope.rcptTo.map((r) => r.address));
            setTimeout(() => cb(), 2500);
          });
        },
      });
      await new Promise<void>((r) => slow.listen(port, '127.0.0.1', () => r()));
      const config = notificationConfig({ SMTP_URL: `smtp://127.0.0.1:${port}`, NOTIFY_ACK_WAIT_MS: '1000', SMTP_TIMEOUT_MS: '10000' });
      const svc = await startNotification(config, testLogger);
      try {
        const e = requestEvent('request.deadline_reminder');
        await publish(nc, e);
        await eventually(() => settled(nc, config.NOTIFY_DURABLE), 'the event acknowledged', 20_000);
        expect((await consumerInfo(nc, config.NOTIFY_DURABLE)).delivered.consumer_seq, 'deliveries of the one event').to.be.greaterThan(1);
        const log = await deliveries(nc, { eventId: e.id });
        expect(log.items).to.have.length(1);
        expect(log.items[0]).to.include({ status: 'sent', attempts: 1 });
        expect(received.filter((r) => r === e.data.request.executor.email)).to.have.length(1);
      } finally {
        await svc.stop();
        await new Promise<void>((r) => slow.close(() => r()));
      }
    });
  });

  it('sends the applicant without an email the registration by SMS through the channel adapter', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const capture = new Writable({
      objectMode: true,
      write(info: Record<string, unknown>, _enc, done) {
        lines.push(info);
        done();
      },
    });
    const smsLogger = winston.createLogger({ transports: [new winston.transports.Stream({ stream: capture })] });
    const config = notificationConfig();
    const svc = await startNotification(config, testLogger, { sms: new LoggingSmsChannel(smsLogger) });
    try {
      const e = requestEvent('request.registered', { applicantEmail: null });
      await publish(nc, e);
      const sms = await eventually(async () => lines.find((l) => l.eventId === e.id), 'the SMS in the log');
      expect(sms).to.include({ template: 'applicant.registered' });
      // The stand-in notes the SMS, never its text (docs/security.md).
      expect(JSON.stringify(sms)).to.not.include(`№ ${e.data.request.number}`);
      const log = await eventually(async () => {
        const p = await deliveries(nc, { eventId: e.id, channel: 'sms' });
        return p.items[0]?.status === 'sent' ? p : undefined;
      }, 'the SMS in the delivery log');
      expect(log.items[0]).to.include({ recipient: '+380671234567', role: 'applicant' });
      expect(log.items[0]!.providerMessageId).to.match(/^log-/);
    } finally {
      await svc.stop();
    }
  });
});
