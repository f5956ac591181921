/**
 * The embedded local stack: Temporal dev server (with the Web UI and the custom search attributes),
 * FerretDB on SQLite, nats-server with JetStream, and the SMTP sink with its mailbox page. Any part
 * whose address is in the environment (TEMPORAL_ADDRESS, MONGO_URL, NATS_URL, SMTP_URL) is used
 * as it is instead, and nothing is installed or started for it.
 */
import { connect as natsConnect } from '@nats-io/transport-node';
import { Connection } from '@temporalio/client';
import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { SEARCH_ATTRIBUTES } from '../../contracts/wire.ts';
import { ensureSearchAttributes } from '../../platform/temporal.ts';
import { startSmtpSink, type SmtpSink } from '../smtp-sink.ts';
import { ensureInstalled, type Say } from './install.ts';
import { binaries } from './paths.ts';
import { freePort, startProcess, tcpOpen, waitReady, type ManagedProcess } from './process.ts';

export interface StackOptions {
  dataDir: string;
  logDir: string;
  /** Fixed ports (the development stack) or undefined for free ones (tests). */
  ports?: { temporal: number; temporalUi: number; mongo: number; nats: number; smtp: number; mailbox: number };
  /** Mongo database name for the embedded FerretDB. */
  database: string;
  /** No Temporal Web UI (tests). */
  headless?: boolean;
  /** Keep the SMTP sink even when SMTP_URL is set (tests read what was sent). */
  alwaysEmbedSmtp?: boolean;
  external: { TEMPORAL_ADDRESS?: string; MONGO_URL?: string; NATS_URL?: string; SMTP_URL?: string };
  say: Say;
  /** The remote codec the Web UI decodes payloads with (the gateway's codec endpoint). */
  uiCodecEndpoint?: string;
  /**
   * Starts one server process: by default a plain managed process; `npm run up` passes its
   * supervisor's, which starts a server again on the same port and data when it exits.
   */
  launch?: (name: string, cmd: string, args: string[], logFile: string) => ManagedProcess;
}

export interface RunningStack {
  env: { TEMPORAL_ADDRESS: string; MONGO_URL: string; NATS_URL: string; SMTP_URL: string; MAILBOX_URL?: string };
  temporalUiUrl?: string;
  mailboxUrl?: string;
  sink?: SmtpSink;
  stop(): Promise<void>;
}

/** Whether the Temporal server at `address` answers. */
export async function temporalReady(address: string): Promise<boolean> {
  const conn = await Connection.connect({ address, connectTimeout: 1000 });
  try {
    await conn.workflowService.getSystemInfo({});
    return true;
  } finally {
    await conn.close();
  }
}

/** Whether the MongoDB (FerretDB) at `url` answers a ping. */
export async function mongoReady(url: string): Promise<boolean> {
  const conn = await mongoose.createConnection(url, { serverSelectionTimeoutMS: 1000 }).asPromise();
  try {
    await conn.db!.admin().ping();
    return true;
  } finally {
    await conn.close();
  }
}

/** Whether the nats-server at `url` takes a connection. */
export async function natsReady(url: string): Promise<boolean> {
  const nc = await natsConnect({ servers: url, timeout: 1000, reconnect: false });
  await nc.close();
  return true;
}

export async function startStack(opts: StackOptions): Promise<RunningStack> {
  const { say, external } = opts;
  const embedSmtp = opts.alwaysEmbedSmtp || !external.SMTP_URL;
  ensureInstalled({ temporal: !external.TEMPORAL_ADDRESS, nats: !external.NATS_URL, mongo: !external.MONGO_URL }, say);
  fs.mkdirSync(opts.dataDir, { recursive: true });
  fs.mkdirSync(opts.logDir, { recursive: true });
  const port = async (k: keyof NonNullable<StackOptions['ports']>): Promise<number> => opts.ports?.[k] ?? (await freePort());

  const launch = opts.launch ?? ((name: string, cmd: string, args: string[], logFile: string) => startProcess(name, cmd, args, logFile));
  const procs: ManagedProcess[] = [];
  let sink: SmtpSink | undefined;
  const stop = async (): Promise<void> => {
    await Promise.all(procs.map((p) => p.stop()));
    await sink?.stop();
  };

  try {
    const starts: Promise<void>[] = [];
    const env = {} as RunningStack['env'];
    let temporalUiUrl: string | undefined;
    let mailboxUrl: string | undefined;

    if (external.TEMPORAL_ADDRESS) {
      env.TEMPORAL_ADDRESS = external.TEMPORAL_ADDRESS;
      starts.push(ensureSearchAttributes({ address: external.TEMPORAL_ADDRESS }));
    } else {
      const p = await port('temporal');
      const ui = await port('temporalUi');
      env.TEMPORAL_ADDRESS = `127.0.0.1:${p}`;
      const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(p), '--db-filename', path.join(opts.dataDir, 'temporal.sqlite'), '--log-level', 'warn', '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal'];
      if (opts.headless) args.push('--headless');
      else {
        args.push('--ui-port', String(ui));
        if (opts.uiCodecEndpoint) args.push('--ui-codec-endpoint', opts.uiCodecEndpoint);
        temporalUiUrl = `http://127.0.0.1:${ui}`;
      }
      for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) args.push('--search-attribute', `${name}=${type}`);
      const proc = launch('Temporal dev server', binaries.temporal, args, path.join(opts.logDir, 'temporal.log'));
      procs.push(proc);
      starts.push(waitReady(proc, () => temporalReady(env.TEMPORAL_ADDRESS)));
    }

    if (external.MONGO_URL) env.MONGO_URL = external.MONGO_URL;
    else {
      const p = await port('mongo');
      const dir = path.join(opts.dataDir, 'ferretdb');
      fs.mkdirSync(dir, { recursive: true });
      env.MONGO_URL = `mongodb://127.0.0.1:${p}/${opts.database}?directConnection=true&retryWrites=false`;
      // WAL (FerretDB's default) with synchronous=NORMAL: a crashed process loses no commit; only a
      // power cut may lose the last ones (production runs MongoDB). As the Temporal dev server above.
      const args = ['--handler=sqlite', `--sqlite-url=file:${dir}/?_pragma=synchronous(NORMAL)`, `--listen-addr=127.0.0.1:${p}`, '--state-dir=-', '--debug-addr=-', '--telemetry=disable', '--log-level=warn'];
      const proc = launch('FerretDB', binaries.ferretdb, args, path.join(opts.logDir, 'ferretdb.log'));
      procs.push(proc);
      starts.push(waitReady(proc, async () => (await tcpOpen('127.0.0.1', p)) && mongoReady(env.MONGO_URL)));
    }

    if (external.NATS_URL) env.NATS_URL = external.NATS_URL;
    else {
      const p = await port('nats');
      const dir = path.join(opts.dataDir, 'nats');
      fs.mkdirSync(dir, { recursive: true });
      env.NATS_URL = `nats://127.0.0.1:${p}`;
      const proc = launch('nats-server', binaries.natsServer, ['-a', '127.0.0.1', '-p', String(p), '-js', '-sd', dir], path.join(opts.logDir, 'nats.log'));
      procs.push(proc);
      starts.push(waitReady(proc, () => natsReady(env.NATS_URL)));
    }

    if (embedSmtp) {
      const smtpPort = await port('smtp');
      const httpPort = await port('mailbox');
      sink = await startSmtpSink({ smtpPort, httpPort, dir: opts.headless ? undefined : path.join(opts.dataDir, 'mail') });
      env.SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
      mailboxUrl = `http://127.0.0.1:${httpPort}`;
      env.MAILBOX_URL = mailboxUrl;
    } else env.SMTP_URL = external.SMTP_URL!;

    await Promise.all(starts);
    return { env, temporalUiUrl, mailboxUrl, sink, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
