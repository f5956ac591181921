/** Consultations in the reports (2.9): counted as their own kind in the daily reports by category (9.1.1) and the 10.4 indicators. */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { consultationEventSchema, type ConsultationEvent } from '../../contracts/consultations.ts';
import { subjectOf } from '../../contracts/events.ts';
import { REPORTING_SUBJECTS, reportFileReply, type ReportFile, type ReportQuery } from '../../contracts/reporting.ts';
import { STREAMS } from '../../contracts/wire.ts';
import { connectNats } from '../../platform/nats.ts';
import type { RunningService } from '../../platform/service.ts';
import { startReporting } from '../../services/reporting/service.ts';
import { eventually, testLogger } from '../support/stack.ts';
import { reportingConfig } from './support.ts';

// A day no other test's events fall on (Kyiv is UTC+2 then).
const DATE = '2018-11-06';
const at = (hhmm: string): string => `${DATE}T${hhmm}:00+02:00`;
const prefix = `RC${randomUUID().slice(0, 4).toUpperCase()}`;

function event(type: ConsultationEvent['type'], n: number, o: { at: string; category?: string; channel?: 'phone' | 'web'; overdue?: boolean; details?: Record<string, unknown> }): ConsultationEvent {
  const category = o.category ?? 'CONSULT-01';
  return consultationEventSchema.parse({
    id: randomUUID(),
    type,
    occurredAt: o.at,
    actor: { id: 'system', role: 'system' },
    data: {
      version: 1,
      details: o.details ?? {},
      consultation: {
        number: `${prefix}-2018-${String(n).padStart(6, '0')}`,
        version: 1,
        status: 'awaiting_reply',
        channel: o.channel ?? 'web',
        categoryCode: category,
        categoryName: category === 'CONSULT-01' ? 'Консультація щодо субсидій і пільг' : 'Консультація з питань ЖКГ',
        term: { amount: 1, unit: 'working_hours' },
        applicant: { name: 'Н', phone: '+380671234567' },
        subject: 'Питання',
        registeredAt: at('09:00'),
        registeredBy: { id: 'u', role: 'applicant' },
        replyDueAt: null,
        reminderAt: null,
        reminded: false,
        overdue: o.overdue ?? false,
        silenceCloseAt: null,
      },
    },
  });
}

describe('reporting: consultations (2.9)', function () {
  this.timeout(120_000);
  let nc: NatsConnection;
  let svc: RunningService;

  const ask = async (q: Partial<ReportQuery> & { report: ReportQuery['report'] }): Promise<ReportFile> => {
    const reply = reportFileReply.parse((await nc.request(REPORTING_SUBJECTS.report, JSON.stringify(q), { timeout: 30_000 })).json());
    if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
    return reply.data;
  };

  before(async () => {
    const config = reportingConfig();
    svc = await startReporting(config, testLogger);
    nc = await connectNats(config.NATS_URL, 'reporting-consultations-test');
    const events = [
      event('consultation.registered', 1, { at: at('09:00') }),
      event('consultation.registered', 2, { at: at('09:30'), channel: 'phone' }),
      event('consultation.registered', 3, { at: at('10:00'), category: 'CONSULT-02' }),
      event('consultation.replied', 1, { at: at('09:40') }),
      event('consultation.overdue', 2, { at: at('10:30'), channel: 'phone', overdue: true }),
      event('consultation.replied', 2, { at: at('11:00'), channel: 'phone', overdue: true }),
      event('consultation.closed', 1, { at: at('12:00'), details: { reason: 'answered' } }),
      event('consultation.rated', 1, { at: at('12:00'), details: { score: 4 } }),
      event('consultation.converted', 3, { at: at('13:00'), category: 'CONSULT-02', details: { request: { number: 'KR-2018-000001' } } }),
    ];
    const js = jetstream(nc);
    // Each published twice under different message ids (a relay's retry after a lost ack): counted once.
    const acks = await Promise.all(events.flatMap((e) => [js.publish(subjectOf(e.type), JSON.stringify(e), { msgID: e.id }), js.publish(subjectOf(e.type), JSON.stringify(e), { msgID: `${e.id}-again` })]));
    const last = Math.max(...acks.map((a) => a.seq));
    const jsm = await jetstreamManager(nc);
    await eventually(async () => {
      const info = await jsm.consumers.info(STREAMS.events.name, `${config.REPORT_DURABLE}-consultations`);
      return info.num_pending === 0 && info.num_ack_pending === 0 && info.delivered.stream_seq >= last ? true : undefined;
    }, 'the consultation projection to apply every event');
  });
  after(async () => {
    await nc?.drain();
    await svc?.stop();
  });

  it('2.9 counts the day’s consultations by category as their own kind in the 9.1.1 daily report, beside the requests', async () => {
    const r = JSON.parse((await ask({ report: 'daily-by-category', date: DATE, format: 'json' })).body) as { data: { rows: unknown[]; consultations: { registered: number; byCategory: unknown[] } } };
    expect(r.data.rows, 'no requests that day').to.deep.equal([]);
    expect(r.data.consultations.registered).to.equal(3);
    expect(r.data.consultations.byCategory).to.deep.equal([
      { categoryCode: 'CONSULT-01', categoryName: 'Консультація щодо субсидій і пільг', registered: 2, answered: 2, closed: 1, converted: 0 },
      { categoryCode: 'CONSULT-02', categoryName: 'Консультація з питань ЖКГ', registered: 1, answered: 0, closed: 0, converted: 1 },
    ]);
    const xlsx = await ask({ report: 'daily-by-category', date: DATE, format: 'xlsx' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.body, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).to.deep.equal(['За категоріями', 'Консультації']);
  });

  it('2.9 gives the day’s consultation indicators in the 10.4 report', async () => {
    const r = JSON.parse((await ask({ report: 'daily-indicators', date: DATE, format: 'json' })).body) as { data: { consultations: Record<string, unknown> } };
    expect(r.data.consultations).to.deep.include({ registered: 3, phone: 1, web: 2, answered: 2, answeredLate: 1, overdue: 1, closed: 1, converted: 1, ratings: 1, averageRating: 4 });
  });
});
