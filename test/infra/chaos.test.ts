import { expect } from 'chai';
import fs from 'node:fs';
import { formatReport, runChaos, type ChaosReport } from '../../infra/chaos/chaos.ts';

/**
 * The short version of `npm run chaos`: `npm run up -- --replicas 2` on a stack of its own, two of
 * each service, under a steady load of registrations and lifecycle actions, with SIGKILL of one
 * replica of the services that hold state in flight and of each server.
 */
describe('the system under SIGKILL, with two replicas of each service', function () {
  this.timeout(20 * 60_000);
  let report: ChaosReport;

  before(async () => {
    report = await runChaos({
      replicas: 2,
      concurrency: 2,
      warmupMs: 3000,
      spacingMs: 2000,
      healTimeoutMs: 120_000,
      parts: ['worker', 'gateway', 'notification', 'reporting', 'ferretdb', 'nats', 'temporal'],
      say: (line) => {
        if (process.env.TEST_LOG_LEVEL) process.stdout.write(`      [chaos] ${line}\n`);
      },
    });
    process.stdout.write(`${formatReport(report).replace(/^/gm, '      ')}\n`);
  });

  after(() => {
    if (report?.problems.length === 0 && report.healedAll) fs.rmSync(report.home, { recursive: true, force: true });
  });

  it('runs two of each service, every one of them answering its own health check before the kills', () => {
    // runChaos waits for each replica's own health subject (and each gateway's /readyz) after every kill.
    expect(report.kills.map((k) => k.target)).to.include.members(['worker-1', 'gateway-2', 'ferretdb', 'nats', 'temporal']);
  });

  it('loses no answered registration and stores none twice', () => {
    expect(report.registrations.answered).to.be.greaterThan(0);
    expect(report.lost).to.equal(0);
    expect(report.duplicated).to.equal(0);
    expect(report.registrations.gaveUp).to.equal(0);
  });

  it('leaves every request in the status its last answered action left it in', () => {
    expect(report.actions.answered).to.be.greaterThan(0);
    expect(report.wrongState).to.equal(0);
    expect(report.actions.refused, report.problems.join('\n')).to.equal(0);
  });

  it('sends every email exactly once', () => {
    expect(report.emails.missing).to.equal(0);
    expect(report.emails.duplicated).to.equal(0);
  });

  it('keeps the reporting counters equal to a recount of the event stream', () => {
    expect(report.counters.periods).to.be.greaterThan(0);
    expect(report.counters.mismatched, report.problems.join('\n')).to.equal(0);
  });

  it('heals every killed part by itself, and stops cleanly on Ctrl-C', () => {
    expect(report.kills.filter((k) => !k.healed).map((k) => k.target)).to.deep.equal([]);
    expect(report.healedAll).to.equal(true);
    expect(report.stoppedCleanly).to.equal(true);
  });
});
