/**
 * Who the notification service tells about repair works (8.1.6), from the events the repair-work
 * workflow publishes: the executor of an overdue card and its daily reminder, the executors of the
 * open requests a closed work explained (each with its own list), and the applicant whose call was
 * linked to a known outage. Real JetStream and the SMTP sink.
 */
import type { NatsConnection } from '@nats-io/nats-core';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { repairWorkEventSchema, type RepairWorkEvent } from '../../contracts/repair-works.ts';
import { connectNats, ensureStreams } from '../../platform/nats.ts';
import type { RunningService } from '../../platform/service.ts';
import { startNotification } from '../../services/notification/service.ts';
import { eventually, testLogger, testStack } from '../support/stack.ts';
import { arrivedAt, mailTo, notificationConfig, publish, requestEvent, uniqueEmail, uniqueNumber } from './support.ts';

function workEvent(type: RepairWorkEvent['type'], over: { executorEmail?: string; details?: Record<string, unknown> } = {}): RepairWorkEvent {
  return repairWorkEventSchema.parse({
    id: randomUUID(),
    type,
    occurredAt: '2026-03-06T12:00:00+02:00',
    actor: { id: 'system', role: 'system' },
    data: {
      version: 3,
      details: over.details ?? {},
      work: {
        id: `RW-20260305-${randomUUID().slice(0, 6).toUpperCase()}`,
        kind: 'emergency',
        status: 'in_progress',
        executor: { id: 'vodokanal', name: 'КП «Кривбасводоканал»', email: over.executorEmail ?? uniqueEmail('vodokanal') },
        district: 'Саксаганський',
        street: 'вул. Героїв АТО',
        buildings: ['12', '14'],
        categoryCodes: ['WATER-01'],
        title: 'Аварія на водогоні',
        description: 'Пошкоджено магістральний водогін',
        startsAt: '2026-03-05T08:00:00+02:00',
        expectedEndAt: '2026-03-06T12:00:00+02:00',
        overdue: type !== 'repair_work.closed',
        ...(type === 'repair_work.closed' ? { status: 'closed', actualEndAt: '2026-03-06T15:30:00+02:00' } : {}),
      },
    },
  });
}

describe('notification service: repair works (8.1.6)', function () {
  this.timeout(60_000);
  let nc: NatsConnection;
  let svc: RunningService;
  before(async () => {
    nc = await connectNats(testStack().NATS_URL, 'notification-repair-test');
    await ensureStreams(nc);
    svc = await startNotification(notificationConfig(), testLogger);
  });
  after(async () => {
    await svc?.stop();
    await nc?.close();
  });

  it('8.1.6 emails the executor when its repair-work card passes the expected end unclosed, and again with each daily reminder', async () => {
    const to = uniqueEmail('vodokanal');
    const overdue = workEvent('repair_work.overdue', { executorEmail: to });
    await publish(nc, overdue);
    const [mail] = await eventually(() => arrivedAt(to), 'the overdue email');
    expect(mail!.subject).to.equal(`Ремонтні роботи № ${overdue.data.work.id}: минув очікуваний час завершення`);
    expect(mail!.text).to.include('6 березня 2026 р. о 12:00');
    expect(mail!.text).to.include('Саксаганський р-н, вул. Героїв АТО, буд. 12, 14');

    const reminder: RepairWorkEvent = { ...workEvent('repair_work.reminder', { executorEmail: to }), data: overdue.data };
    await publish(nc, reminder);
    const both = await eventually(async () => {
      const mails = await mailTo(to);
      return mails.length >= 2 ? mails : undefined;
    }, 'the reminder email');
    expect(both.map((m) => m.subject)).to.include(`Ремонтні роботи № ${overdue.data.work.id}: нагадування — картку не закрито`);
  });

  it('8.1.6 tells the executors of the open requests a closed work explained, each with the list of its own', async () => {
    const water = uniqueEmail('vodokanal');
    const heat = uniqueEmail('teplo');
    const [a, b, c] = [uniqueNumber(), uniqueNumber(), uniqueNumber()];
    const closed = workEvent('repair_work.closed', {
      details: {
        note: 'Водогін відремонтовано',
        linkedOpenRequests: [
          { number: a, status: 'in_progress', executorId: 'vodokanal', executorEmail: water },
          { number: b, status: 'rework', executorId: 'vodokanal', executorEmail: water },
          { number: c, status: 'in_progress', executorId: 'teplomerezha', executorEmail: heat },
        ],
      },
    });
    await publish(nc, closed);
    const [toWater] = await eventually(() => arrivedAt(water), 'the water utility’s email');
    const [toHeat] = await eventually(() => arrivedAt(heat), 'the heating utility’s email');
    expect(toWater!.subject).to.equal(`Ремонтні роботи № ${closed.data.work.id} завершено: звернення, пов’язані з ними (2)`);
    expect(toWater!.text).to.include(`№ ${a}, № ${b}`);
    expect(toWater!.text).to.not.include(c);
    expect(toWater!.text).to.include('Водогін відремонтовано');
    expect(toHeat!.text).to.include(`№ ${c}`);
    expect(toHeat!.text).to.not.include(a);
  });

  it('8.1.6 tells the applicant at registration that the outage at their address is known and when it should end', async () => {
    const e = requestEvent('request.registered', {
      details: { repairWork: { id: 'RW-20260305-ABCDEF', kind: 'emergency', title: 'Аварія на водогоні', expectedEndAt: '2026-03-02T18:00:00+02:00', executorName: 'КП «Кривбасводоканал»' } },
    });
    await publish(nc, e);
    const [mail] = await eventually(() => arrivedAt(e.data.request.applicant.email!), 'the applicant’s email');
    expect(mail!.text).to.include('За вашою адресою відомо про аварійні роботи (Аварія на водогоні)');
    expect(mail!.text).to.include('завершення очікується 2 березня 2026 р. о 18:00');
    expect(mail!.text).to.include('Очікуване завершення робіт: 2 березня 2026 р. о 18:00');
  });
});
