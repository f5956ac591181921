/**
 * The JetStream stream's replica count (NATS_STREAM_REPLICAS, platform/nats.ts): one copy on the
 * single server the local stack and the compose file run; more only on a NATS cluster, which a
 * single server refuses rather than pretending to keep them.
 */
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { expect } from 'chai';
import { STREAMS } from '../../contracts/wire.ts';
import { ConfigError } from '../../platform/config.ts';
import { connectNats, ensureStreams } from '../../platform/nats.ts';
import { testStack } from '../support/stack.ts';

describe('the event stream\'s replicas (NATS_STREAM_REPLICAS)', () => {
  let nc: NatsConnection;
  const saved = process.env.NATS_STREAM_REPLICAS;

  before(async () => {
    nc = await connectNats(testStack().NATS_URL, 'stream-replicas-test');
  });
  after(async () => {
    if (saved === undefined) delete process.env.NATS_STREAM_REPLICAS;
    else process.env.NATS_STREAM_REPLICAS = saved;
    await nc.close();
  });

  it('keeps one copy by default, as a single NATS server can', async () => {
    delete process.env.NATS_STREAM_REPLICAS;
    await ensureStreams(nc);
    const info = await (await jetstreamManager(nc)).streams.info(STREAMS.events.name);
    expect(info.config.num_replicas).to.equal(1);
  });

  it('asks for the configured count, which a single server refuses and leaves the stream as it was', async () => {
    process.env.NATS_STREAM_REPLICAS = '3';
    let refused: unknown;
    await ensureStreams(nc).catch((err: unknown) => (refused = err));
    expect(String(refused)).to.match(/replicas > 1 not supported in non-clustered mode/);
    const info = await (await jetstreamManager(nc)).streams.info(STREAMS.events.name);
    expect(info.config.num_replicas).to.equal(1);
  });

  it('refuses a count JetStream cannot keep, naming the variable, before it asks the server', async () => {
    for (const bad of ['0', '6', 'three']) {
      process.env.NATS_STREAM_REPLICAS = bad;
      let refused: unknown;
      await ensureStreams(nc).catch((err: unknown) => (refused = err));
      expect(refused, bad).to.be.instanceOf(ConfigError);
      expect((refused as ConfigError).problems.join(), bad).to.match(/^NATS_STREAM_REPLICAS: /);
    }
  });
});
