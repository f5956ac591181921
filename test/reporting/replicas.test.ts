/**
 * Reporting run as replicas: two reporting services of the test's own (distinct INSTANCE_ID, one
 * database, one durable consumer) take a burst of interleaved events of a few requests, each event
 * published twice, so both replicas handle events of one request — and the same event — at once.
 * The counters must then equal a recount from the requests' histories; and the request leases the
 * replicas share are checked on their own: one holder at a time, a crashed holder's lease taken over
 * after its expiry.
 */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { expect } from 'chai';
import { Client, Connection as TemporalConnection } from '@temporalio/client';
import type { Connection } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { subjectOf, type RequestEvent } from '../../contracts/events.ts';
import { STREAMS } from '../../contracts/wire.ts';
import { createConsultationReportsRepository } from '../../data/consultation-reports.repository.ts';
import { Leases, type LeaseDoc } from '../../data/leases.repository.ts';
import { ReportsRepository } from '../../data/reports.repository.ts';
import { DEFAULT_INEFFECTIVE_RULES } from '../../domain/reports.ts';
import { connectMongo } from '../../platform/mongo.ts';
import { connectNats } from '../../platform/nats.ts';
import type { RunningService } from '../../platform/service.ts';
import { Projector } from '../../services/reporting/projector.ts';
import { rebuildFromReadModel } from '../../services/reporting/rebuild.ts';
import { buildReport } from '../../services/reporting/reports.ts';
import { ensureReportSchedules, scheduleId } from '../../services/reporting/schedules.ts';
import { startReporting } from '../../services/reporting/service.ts';
import { eventually, mongoUrlFor, testDataConverter, testLogger, testStack } from '../support/stack.ts';
import { eventsOf, expectedDailyIndicators, reportingConfig, scenario } from './support.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A period document with nothing in it reads as a missing one (ReportsRepository.periods). */
const isEmptyPeriod = (body: { cells?: object; lists?: object }): boolean => Object.keys(body.cells ?? {}).length === 0 && Object.keys(body.lists ?? {}).length === 0;

/**
 * The derived read models as stored: period counters (parsed; empty ones left out, as a live
 * document whose requests have all closed is kept empty, and a rebuild writes none) and export
 * rows, by `_id`.
 */
async function derived(mongo: Connection): Promise<{ periods: Record<string, unknown>; rows: Record<string, unknown>; openOps: string[] }> {
  const periods = await mongo.collection<{ _id: string; body: string; ops?: Record<string, 1> }>('report_periods').find({}).toArray();
  const rows = await mongo.collection<{ _id: string; body: string }>('report_rows').find({}).toArray();
  return {
    periods: Object.fromEntries(
      periods
        .map((p) => [p._id, JSON.parse(p.body) as { cells?: object; lists?: object }] as const)
        .filter(([, body]) => !isEmptyPeriod(body))
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    ),
    rows: Object.fromEntries(rows.map((r) => [r._id, JSON.parse(r.body) as unknown]).sort(([a], [b]) => String(a).localeCompare(String(b)))),
    openOps: periods.flatMap((p) => Object.keys(p.ops ?? {})),
  };
}

describe('reporting: replicas sharing one database and one durable consumer', function () {
  this.timeout(300_000);

  describe('two reporting services fed one burst', () => {
    let nc: NatsConnection;
    let mongo: Connection;
    const replicas: RunningService[] = [];

    after(async () => {
      await nc?.drain();
      for (const r of replicas) await r.stop();
      await mongo?.close();
    });

    it('counts every event of a request exactly once when two replicas apply the request\'s events at the same time', async () => {
      const a = reportingConfig({ INSTANCE_ID: 'reporting-a' });
      const b = reportingConfig({ INSTANCE_ID: 'reporting-b', MONGO_URL: a.MONGO_URL, REPORT_DURABLE: a.REPORT_DURABLE });
      replicas.push(await startReporting(a, testLogger), await startReporting(b, testLogger));
      nc = await connectNats(a.NATS_URL, 'reporting-replicas-test');
      mongo = await connectMongo(a.MONGO_URL);
      const repo = new ReportsRepository(mongo);

      // A few requests, their events interleaved, each published twice in a row (a relay's retry under a new message id).
      const all = scenario(16, 4242);
      const lanes = all.map(eventsOf);
      const burst: RequestEvent[] = [];
      for (let i = 0; lanes.some((l) => i < l.length); i++) for (const l of lanes) if (i < l.length) burst.push(l[i]!);
      const js = jetstream(nc);
      const acks = await Promise.all(burst.flatMap((e) => [js.publish(subjectOf(e.type), JSON.stringify(e), { msgID: e.id }), js.publish(subjectOf(e.type), JSON.stringify(e), { msgID: `${e.id}-again` })]));
      const last = Math.max(...acks.map((x) => x.seq));
      const jsm = await jetstreamManager(nc);
      await eventually(
        async () => {
          const info = await jsm.consumers.info(STREAMS.events.name, a.REPORT_DURABLE);
          return info.num_pending === 0 && info.num_ack_pending === 0 && info.delivered.stream_seq >= last ? true : undefined;
        },
        'the replicas to apply every event',
        240_000,
      );

      // Every event in its request's history once.
      for (const [i, s] of all.entries()) {
        const h = await repo.history(s.number);
        expect(h?.events.map((e) => e.id).sort(), s.number).to.deep.equal(lanes[i]!.map((e) => e.id).sort());
      }
      const live = await derived(mongo);
      expect(live.openOps, 'operations left unfinished').to.deep.equal([]);
      const now = new Date('2026-01-01T00:00:00Z');
      for (const date of ['2019-02-25', '2019-03-04', '2019-03-05', '2019-03-11']) {
        expect((await buildReport(repo, { report: 'daily-indicators', date }, DEFAULT_INEFFECTIVE_RULES, now)).data, date).to.deep.equal(expectedDailyIndicators(all, date));
      }
      // The counters and rows equal a recount from the histories.
      await rebuildFromReadModel(repo, testLogger);
      const recount = await derived(mongo);
      expect(live.periods).to.deep.equal(recount.periods);
      expect(live.rows).to.deep.equal(recount.rows);
    });
  });

  describe('request leases', () => {
    let mongo: Connection;
    before(async () => {
      mongo = await connectMongo(mongoUrlFor('report_leases'));
    });
    after(async () => {
      await mongo?.close();
    });

    it('lets one holder at a time run work on a key, whichever of two processes asks', async () => {
      const collection = mongo.collection<LeaseDoc>('report_leases');
      const one = new Leases(collection, { owner: 'one', ttlMs: 5_000, waitMs: 60_000 });
      const two = new Leases(collection, { owner: 'two', ttlMs: 5_000, waitMs: 60_000 });
      let inside = 0;
      let most = 0;
      let runs = 0;
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 ? one : two).run('request:KR-LEASE-1', async () => {
            inside += 1;
            most = Math.max(most, inside);
            await sleep(1 + (i % 5));
            inside -= 1;
            runs += 1;
          }),
        ),
      );
      expect(runs).to.equal(40);
      expect(most).to.equal(1);
      expect(await collection.findOne({ _id: 'request:KR-LEASE-1' }), 'given back').to.equal(null);
    });

    it('shares a busy key with another process instead of keeping it while its own callers queue', async () => {
      const collection = mongo.collection<LeaseDoc>('report_leases');
      const busy = new Leases(collection, { owner: 'busy', ttlMs: 5_000, waitMs: 60_000 });
      const other = new Leases(collection, { owner: 'other', ttlMs: 5_000, waitMs: 1_500 });
      // Four seconds of work on one key, queued at once in one process.
      let busyDone = 0;
      const stream = Promise.all(
        Array.from({ length: 400 }, () =>
          busy.run('periods:month:2019-03', async () => {
            await sleep(10);
            busyDone += 1;
          }),
        ),
      );
      await eventually(async () => (busyDone > 0 ? true : undefined), 'the busy process to start');
      await other.run('periods:month:2019-03', async () => undefined);
      expect(busyDone, 'the other process got in before the queue ran out').to.be.lessThan(400);
      await stream;
    });

    it('applies an event of a request whose lease a crashed replica left, once that lease expires', async () => {
      const repo = new ReportsRepository(mongo, { owner: 'survivor', ttlMs: 5_000 });
      await repo.init();
      const [s] = scenario(1, 77);
      const [first] = eventsOf(s!);
      // As a replica that crashed while applying it leaves it: held, not renewed, expiring shortly.
      await mongo.collection<LeaseDoc>('report_leases').insertOne({ _id: `request:${s!.number}`, owner: 'crashed', token: 'gone', until: new Date(Date.now() + 1_500) });
      const started = Date.now();
      expect((await new Projector(repo).apply(first!)).kind).to.equal('applied');
      expect(Date.now() - started).to.be.greaterThanOrEqual(1_000);
      expect((await repo.history(s!.number))?.events.map((e) => e.id)).to.deep.equal([first!.id]);
      expect(await mongo.collection<LeaseDoc>('report_leases').findOne({ _id: `request:${s!.number}` })).to.equal(null);
    });

    it('gives up waiting for a live replica\'s lease after its wait, so the event is redelivered later', async () => {
      const collection = mongo.collection<LeaseDoc>('report_leases');
      const holder = new Leases(collection, { owner: 'holder', ttlMs: 5_000, waitMs: 60_000 });
      const other = new Leases(collection, { owner: 'other', ttlMs: 5_000, waitMs: 300 });
      let release!: () => void;
      const held = holder.run('request:KR-LEASE-2', () => new Promise<void>((r) => (release = r)));
      await eventually(async () => ((await collection.findOne({ _id: 'request:KR-LEASE-2' })) ? true : undefined), 'the lease to be taken');
      let ran = false;
      await other.run('request:KR-LEASE-2', async () => {
        ran = true;
      }).then(
        () => expect.fail('ran while another held the lease'),
        (err: unknown) => expect(String(err)).to.match(/held by holder/),
      );
      expect(ran).to.equal(false);
      release();
      await held;
      await other.run('request:KR-LEASE-2', async () => {
        ran = true;
      });
      expect(ran).to.equal(true);
    });
  });

  describe('other shared state', () => {
    it('2.9 keeps every consultation of a day when two replicas set that day\'s entries at the same time', async () => {
      const mongo = await connectMongo(mongoUrlFor('report_consultation_replicas'));
      try {
        const one = createConsultationReportsRepository(mongo, { owner: 'reporting-a' });
        const two = createConsultationReportsRepository(mongo, { owner: 'reporting-b' });
        const numbers = Array.from({ length: 40 }, (_, i) => `KC-2019-${String(i + 1).padStart(6, '0')}`);
        await Promise.all(numbers.map((n, i) => (i % 2 ? one : two).apply('2019-03-05', n, { c: 'WATER-01', n: 'Вода', ch: 'phone', reg: 1 })));
        const [day] = await one.days(['2019-03-05']);
        expect(Object.keys(day?.entries ?? {}).sort()).to.deep.equal(numbers);
      } finally {
        await mongo.close();
      }
    });

    it('9.1 creates each report schedule once, and brings it up to date, when two replicas start at the same moment', async () => {
      const connection = await TemporalConnection.connect({ address: testStack().TEMPORAL_ADDRESS });
      const client = new Client({ connection, dataConverter: testDataConverter() });
      const prefix = `replicas-${randomUUID().slice(0, 8)}`;
      try {
        const opts = { prefix, taskQueue: `${prefix}-queue`, logger: testLogger };
        const [a, b] = await Promise.all([ensureReportSchedules(client, opts), ensureReportSchedules(client, opts)]);
        expect(a).to.deep.equal(b);
        // A deploy restarting both replicas: the schedules exist and both bring them up to date.
        await Promise.all([ensureReportSchedules(client, opts), ensureReportSchedules(client, opts)]);
        for (const name of ['daily', 'weekly', 'monthly'] as const) {
          const d = await client.schedule.getHandle(scheduleId(prefix, name)).describe();
          expect(d.action.type === 'startWorkflow' ? d.action.workflowId : undefined).to.equal(scheduleId(prefix, name));
        }
      } finally {
        for (const name of ['daily', 'weekly', 'monthly'] as const) await client.schedule.getHandle(scheduleId(prefix, name)).delete().catch(() => undefined);
        await connection.close();
      }
    });
  });
});
