import { expect } from 'chai';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processAlive } from '../../infra/stack/process.ts';
import { eventually } from '../support/stack.ts';


describe('the stack manager process guard', () => {
  it('stops a stack server when the manager that started it is killed with SIGKILL', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-'));
    const pidFile = path.join(dir, 'server.pid');
    // A stand-in manager: starts a long-running "server" through startProcess, then waits to be killed.
    const manager = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import('./infra/stack/process.ts').then(({ startProcess }) => {
           startProcess('sleeper', 'bash', ['-c', 'echo $$ > ${pidFile}; exec sleep 600'], '${path.join(dir, 'log')}');
           setInterval(() => {}, 1000);
         });`,
      ],
      { stdio: 'ignore' },
    );
    try {
      const serverPid = await eventually(async () => {
        const text = fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8').trim() : '';
        return text ? Number(text) : undefined;
      }, 'the server to start');
      expect(processAlive(serverPid)).to.equal(true);
      manager.kill('SIGKILL');
      await eventually(async () => (processAlive(serverPid) ? undefined : true), 'the server to stop after its manager died');
    } finally {
      manager.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
