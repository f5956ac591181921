import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { Client, Connection } from '@temporalio/client';
import { expect } from 'chai';
import mongoose, { Schema } from 'mongoose';
import nodemailer from 'nodemailer';
import { randomUUID } from 'node:crypto';
import { STREAMS, TASK_QUEUE } from '../../contracts/wire.ts';
import { connectMongo } from '../../platform/mongo.ts';
import { connectNats, ensureStreams } from '../../platform/nats.ts';
import type { RunningService } from '../../platform/service.ts';
import { startWorker } from '../../services/worker/worker.ts';
import { stackCheckStep, stackCheckWorkflow } from '../../workflows/stack-check.ts';
import type { SinkMessage } from '../../infra/smtp-sink.ts';
import { eventually, mongoUrlFor, testDataConverter, testLogger, testStack } from '../support/stack.ts';

describe('the real local stack', function () {
  this.timeout(60_000);

  it('runs a workflow, its activity and its Updates on the project worker through the Temporal dev server', async () => {
    const s = testStack();
    const worker: RunningService = await startWorker(
      { NODE_ENV: 'test', LOG_LEVEL: 'error', TEMPORAL_ADDRESS: s.TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE: 'default', MONGO_URL: mongoUrlFor('worker'), NATS_URL: s.NATS_URL, TEMPORAL_PAYLOAD_KEYS: s.TEMPORAL_PAYLOAD_KEYS },
      testLogger,
    );
    const connection = await Connection.connect({ address: s.TEMPORAL_ADDRESS });
    try {
      const client = new Client({ connection, dataConverter: testDataConverter() });
      const result = await client.workflow.execute(stackCheckWorkflow, { taskQueue: TASK_QUEUE, workflowId: `stack-check-${randomUUID()}`, args: [{ note: 'hello' }] });
      expect(result).to.deep.equal({ note: 'hello', workerPid: process.pid, steps: 0 });
      // With steps, the run waits for that many Updates (the benchmark's bare lifecycle) and each is answered by the workflow.
      const stepped = await client.workflow.start(stackCheckWorkflow, { taskQueue: TASK_QUEUE, workflowId: `stack-check-${randomUUID()}`, args: [{ note: 'steps', steps: 2 }] });
      expect(await stepped.executeUpdate(stackCheckStep)).to.equal(1);
      expect(await stepped.executeUpdate(stackCheckStep)).to.equal(2);
      expect(await stepped.result()).to.deep.equal({ note: 'steps', workerPid: process.pid, steps: 2 });
    } finally {
      await connection.close();
      await worker.stop();
    }
  });

  it('writes a document through mongoose to FerretDB and reads it back, with a unique index enforced', async () => {
    const conn = await connectMongo(mongoUrlFor('mongoose'));
    try {
      const Thing = conn.model('Thing', new Schema({ key: { type: String, unique: true, required: true }, n: Number, tags: [String] }));
      await Thing.init();
      await Thing.create({ key: 'a', n: 1, tags: ['x'] });
      await Thing.updateOne({ key: 'a' }, { $inc: { n: 2 }, $push: { tags: 'y' } });
      const back = await Thing.findOne({ key: 'a' }).lean();
      expect(back).to.include({ key: 'a', n: 3 });
      expect(back?.tags).to.deep.equal(['x', 'y']);
      const dup = await Thing.create({ key: 'a' }).then(() => null, (err: unknown) => err);
      expect(dup).to.be.instanceOf(mongoose.mongo.MongoServerError).and.to.have.property('code', 11000);
    } finally {
      await conn.close();
    }
  });

  describe('JetStream', () => {
    let nc: NatsConnection;
    before(async () => {
      nc = await connectNats(testStack().NATS_URL, 'test');
      await ensureStreams(nc);
    });
    after(async () => {
      await nc.close();
    });

    it('drops a re-published event with the same id and delivers the rest once to a durable consumer', async () => {
      const js = jetstream(nc);
      const jsm = await jetstreamManager(nc);
      const run = randomUUID().slice(0, 8);
      const subject = `cc.events.test.${run}`;
      const ids = [randomUUID(), randomUUID()];
      const acks = [];
      for (const id of [ids[0]!, ids[0]!, ids[1]!]) acks.push(await js.publish(subject, JSON.stringify({ id }), { msgID: id }));
      expect(acks.map((a) => a.duplicate)).to.deep.equal([false, true, false]);

      const durable = `test-${run}`;
      await jsm.consumers.add(STREAMS.events.name, { durable_name: durable, ack_policy: AckPolicy.Explicit, filter_subject: subject });
      const consumer = await js.consumers.get(STREAMS.events.name, durable);
      const got: string[] = [];
      for (let i = 0; i < 2; i++) {
        const m = await consumer.next({ expires: 5000 });
        expect(m, 'a message').to.not.equal(null);
        got.push((m!.json<{ id: string }>()).id);
        m!.ack();
      }
      expect(got).to.deep.equal(ids);
      // The durable consumer remembers the acks: a new handle on it gets nothing more.
      const again = await (await js.consumers.get(STREAMS.events.name, durable)).next({ expires: 1000 });
      expect(again).to.equal(null);
    });
  });

  it('delivers an email to the SMTP sink, where it can be read back', async () => {
    const s = testStack();
    const transport = nodemailer.createTransport(s.SMTP_URL);
    const subject = `KR-2026-000001: test ${randomUUID()}`;
    try {
      await transport.sendMail({ from: '1520@kr.gov.ua', to: 'executor@example.org', subject, text: 'Звернення зареєстровано', html: '<p>Звернення зареєстровано</p>' });
    } finally {
      transport.close();
    }
    const msg = await eventually(async () => {
      const res = await fetch(`${s.MAILBOX_URL}/messages`);
      return ((await res.json()) as SinkMessage[]).find((m) => m.subject === subject);
    }, 'the message in the mailbox');
    expect(msg.to).to.deep.equal(['executor@example.org']);
    expect(msg.text.trim()).to.equal('Звернення зареєстровано');
  });
});
