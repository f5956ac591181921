import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_POLICY, keepsFailing, nextDelay, Supervisor } from '../../infra/stack/supervisor.ts';
import { processAlive } from '../../infra/stack/process.ts';
import { eventually } from '../support/stack.ts';


describe('the stack supervisor', function () {
  this.timeout(30_000);

  describe('its restart policy', () => {
    it('waits 1 s, doubling to 30 s, and 1 s again after a minute of running', () => {
      const delays: number[] = [];
      let d: number | undefined;
      for (let i = 0; i < 7; i++) delays.push((d = nextDelay(DEFAULT_POLICY, d, 500)));
      expect(delays).to.deep.equal([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
      expect(nextDelay(DEFAULT_POLICY, 30000, 60_000)).to.equal(1000);
    });

    it('gives up on a part after 5 exits within a minute, not after 5 spread over longer', () => {
      const now = 1_000_000;
      expect(keepsFailing(DEFAULT_POLICY, [now - 50_000, now - 40_000, now - 30_000, now - 10_000, now], now)).to.equal(true);
      expect(keepsFailing(DEFAULT_POLICY, [now - 70_000, now - 40_000, now - 30_000, now - 10_000, now], now)).to.equal(false);
    });
  });

  let dir: string;
  let sup: Supervisor | undefined;
  const said: string[] = [];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sup-'));
    said.length = 0;
  });
  afterEach(async () => {
    await sup?.stopAll();
    sup = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts a part that was killed again, says its exit code, and writes its new pid', async () => {
    sup = new Supervisor(path.join(dir, 'run'), (l) => said.push(l), { initialDelayMs: 50 });
    const part = sup.add({ name: 'sleeper', kind: 'service', cmd: 'sleep', args: ['600'], logFile: path.join(dir, 'sleeper.log') });
    const pidOf = (): number | undefined => {
      const t = fs.existsSync(part.st.pidFile) ? fs.readFileSync(part.st.pidFile, 'utf8').trim() : '';
      return t ? Number(t) : undefined;
    };
    const first = await eventually(async () => pidOf(), 'the first pid');
    process.kill(first, 'SIGKILL');
    const second = await eventually(async () => {
      const p = pidOf();
      return p !== undefined && p !== first && part.st.state === 'running' ? p : undefined;
    }, 'the part started again');
    expect(processAlive(second)).to.equal(true);
    expect(part.st.restarts).to.equal(1);
    expect(said.join('\n')).to.match(/sleeper exited unexpectedly \(exit code 137\)/).and.to.match(/sleeper started again \(restart 1/);
    const state = JSON.parse(fs.readFileSync(path.join(dir, 'run', 'parts.json'), 'utf8')) as { parts: { name: string; restarts: number }[] };
    expect(state.parts.find((p) => p.name === 'sleeper')?.restarts).to.equal(1);

    await sup.stopAll();
    expect(part.st.state).to.equal('stopped');
    await eventually(async () => (processAlive(second) ? undefined : true), 'the part to stop with the supervisor');
  });

  it('gives up on a part that keeps failing and shows the end of its log', async () => {
    sup = new Supervisor(path.join(dir, 'run'), (l) => said.push(l), { initialDelayMs: 20, maxDelayMs: 40 });
    sup.add({ name: 'broken', kind: 'server', cmd: 'bash', args: ['-c', 'echo "cannot open the data file"; exit 3'], logFile: path.join(dir, 'broken.log') });
    const g = await sup.failed;
    expect(g.part).to.equal('broken');
    expect(g.exit.code).to.equal(3);
    expect(g.tail).to.contain('cannot open the data file');
    expect(said.join('\n')).to.contain('broken exited (exit code 3) 5 times within 60 s; giving up on it');
    expect(sup.parts[0]!.st.restarts).to.equal(4);
  });

  it('does not start a part again once it is asked to stop', async () => {
    sup = new Supervisor(path.join(dir, 'run'), (l) => said.push(l), { initialDelayMs: 20 });
    const part = sup.add({ name: 'quitter', kind: 'service', cmd: 'sleep', args: ['600'], logFile: path.join(dir, 'q.log') });
    await sup.stopAll();
    expect(part.st.state).to.equal('stopped');
    expect(part.st.restarts).to.equal(0);
    expect(said.filter((l) => l.includes('started again'))).to.deep.equal([]);
  });
});
