import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { countersRepository } from '../../data/counters.repository.ts';
import { connectMongo } from '../../platform/mongo.ts';
import { mongoUrlFor } from '../support/stack.ts';

describe('5.12 request numbers from one series', function () {
  this.timeout(60_000);
  const connections: Connection[] = [];
  after(async () => {
    await Promise.all(connections.map((c) => c.close()));
  });

  it('5.12 never issues a number twice when two intake processes draw from the series at once', async () => {
    const url = mongoUrlFor('numbering');
    // Two connections and two repositories: what two intake processes share is only the database.
    for (let i = 0; i < 2; i++) connections.push(await connectMongo(url));
    const [a, b] = connections.map((c) => countersRepository(c));
    await a!.init();
    await b!.init();
    const series = 'KR-2026';
    const fromA = Promise.all(Array.from({ length: 15 }, () => a!.next(series)));
    const fromB = Promise.all(Array.from({ length: 15 }, () => b!.next(series)));
    const [numsA, numsB] = await Promise.all([fromA, fromB]);
    const all = [...numsA, ...numsB];
    expect(new Set(all).size, 'distinct numbers').to.equal(30);
    // Within one process callers take turns, so each process's numbers grow in the order asked.
    expect(numsA).to.deep.equal([...numsA].sort((x, y) => x - y));
    expect(numsB).to.deep.equal([...numsB].sort((x, y) => x - y));
    expect(Math.min(...all)).to.equal(1);
  });
});
