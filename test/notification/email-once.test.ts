import { expect } from 'chai';
import mongoose, { type Connection } from 'mongoose';
import { NotificationRepository } from '../../data/notifications.repository.ts';
import { EmailChannel, LoggingSmsChannel, type Channel, type OutgoingMessage, type SendResult } from '../../services/notification/channels.ts';
import { Notifier } from '../../services/notification/notifier.ts';
import { ownFerretDb, type OwnServer } from '../support/own-servers.ts';
import { testStack } from '../support/stack.ts';
import { expectedErrorsLogger, mailTo, requestEvent } from './support.ts';

describe('notification: an email goes out once', function () {
  this.timeout(120_000);
  let db: OwnServer;
  let conn: Connection;
  let email: EmailChannel;

  before(async () => {
    db = await ownFerretDb('notification_once');
    // A short server selection, so the outage below fails writes in seconds rather than the service's 10 s.
    conn = await mongoose.createConnection(db.url, { serverSelectionTimeoutMS: 1500, retryWrites: false }).asPromise();
    email = new EmailChannel({ url: testStack().SMTP_URL, from: 'cc@test.kr.gov.ua', fromName: 'Контакт-центр', maxConnections: 1, timeoutMs: 5000 });
  });
  after(async () => {
    email.close();
    await conn.close();
    await db.stop();
  });

  it('records a mail SMTP accepted as sent once the log is back, and never marks it failed nor sends it again', async () => {
    const repo = new NotificationRepository(conn);
    await repo.init();
    let outage = true;
    // The real SMTP sink accepts the mail; right after, the delivery log's database really goes away.
    const thenDatabaseDown: Channel = {
      name: 'email',
      async send(m: OutgoingMessage): Promise<SendResult> {
        const res = await email.send(m);
        if (outage) await db.stop();
        return res;
      },
      close() {},
    };
    let clock = new Date();
    const notifier = new Notifier({
      repo,
      channels: { email: thenDatabaseDown, sms: new LoggingSmsChannel(expectedErrorsLogger) },
      logger: expectedErrorsLogger,
      templates: { timeZone: 'Europe/Kyiv', senderName: 'Контакт-центр' },
      leaseMs: 60_000,
      messageIdDomain: 'test.kr.gov.ua',
      now: () => clock,
    });
    const e = requestEvent('request.overdue', { applicantEmail: null });
    const to = e.data.request.executor.email!;

    const first = await notifier.process(JSON.stringify(e)).catch((err: unknown) => ({ kind: 'threw', error: String(err) }));
    expect(first.kind).to.be.oneOf(['retry', 'threw']);
    expect(await mailTo(to)).to.have.length(1);

    outage = false;
    await db.start();
    // The event comes back after the claim's lease has run out (the consumer's redelivery, much later).
    clock = new Date(clock.getTime() + 120_000);
    const again = await notifier.process(JSON.stringify(e));
    expect(again).to.include({ kind: 'done' });
    expect(await mailTo(to)).to.have.length(1);
    const log = await repo.listDeliveries({ eventId: e.id, page: 1, pageSize: 10 });
    expect(log.items.map((d) => ({ status: d.status, attempts: d.attempts }))).to.deep.equal([{ status: 'sent', attempts: 1 }]);
  });
});
