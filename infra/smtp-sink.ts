/**
 * The development mailbox: an SMTP server on loopback that keeps every message it receives
 * (in memory, and as .eml files when given a folder, so mail survives a restart) and an HTTP
 * page listing them, so a person can read what the system sent.
 *   GET /            an HTML list of the messages, newest first
 *   GET /messages    the same as JSON: [{id, from, to, subject, date, text, html}]
 *   GET /messages/:id/raw   the message as received
 *   DELETE /messages forgets them all
 *   POST /sms        a dev SMS provider for the notification service's HTTP SMS adapter
 *                    (`{to, text, reference}`, its default body): kept and listed like a mail
 */
import express from 'express';
import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SinkMessage {
  id: string;
  receivedAt: string;
  envelopeFrom: string;
  envelopeTo: string[];
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface SmtpSink {
  smtpPort: number;
  httpPort: number;
  messages(): SinkMessage[];
  stop(): Promise<void>;
}

async function parse(id: string, raw: Buffer, receivedAt: string, envelopeFrom: string, envelopeTo: string[]): Promise<SinkMessage> {
  const mail = await simpleParser(raw);
  const addresses = (v: typeof mail.to): string[] =>
    (Array.isArray(v) ? v : v ? [v] : []).flatMap((a) => a.value.map((x) => x.address ?? '')).filter(Boolean);
  return {
    id,
    receivedAt,
    envelopeFrom,
    envelopeTo,
    from: mail.from?.value[0]?.address ?? '',
    to: addresses(mail.to),
    subject: mail.subject ?? '',
    text: mail.text ?? '',
    html: typeof mail.html === 'string' ? mail.html : '',
  };
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startSmtpSink(opts: { smtpPort: number; httpPort: number; host?: string; dir?: string }): Promise<SmtpSink> {
  const host = opts.host ?? '127.0.0.1';
  const store: SinkMessage[] = [];
  const raws = new Map<string, Buffer>();
  let seq = 0;
  if (opts.dir) {
    fs.mkdirSync(opts.dir, { recursive: true });
    for (const file of fs.readdirSync(opts.dir).filter((f) => f.endsWith('.json')).sort()) {
      const meta = JSON.parse(fs.readFileSync(path.join(opts.dir, file), 'utf8')) as SinkMessage;
      store.push(meta);
      seq = Math.max(seq, Number(meta.id) || 0);
    }
  }

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(_auth, _session, cb) {
      cb(null, { user: 'dev' });
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const id = String(++seq).padStart(8, '0');
        const envFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const envTo = session.envelope.rcptTo.map((r) => r.address);
        parse(id, raw, new Date().toISOString(), envFrom, envTo)
          .then((msg) => {
            if (opts.dir) {
              fs.writeFileSync(path.join(opts.dir, `${id}.eml`), raw);
              fs.writeFileSync(path.join(opts.dir, `${id}.json`), JSON.stringify(msg));
            }
            raws.set(id, raw);
            store.push(msg);
            cb();
          })
          .catch((err: unknown) => cb(err instanceof Error ? err : new Error(String(err))));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(opts.smtpPort, host, () => resolve());
  });

  const app = express();
  // The local stack points SMS_HTTP_URL here, so codes sent to applicants can be read on this page.
  app.post('/sms', express.json({ limit: '16kb' }), (req, res) => {
    const body = req.body as { to?: unknown; text?: unknown } | undefined;
    if (typeof body?.to !== 'string' || typeof body.text !== 'string') {
      res.status(400).json({ error: { code: 'invalid_input', message: 'expected {to, text}' } });
      return;
    }
    const id = String(++seq).padStart(8, '0');
    const msg: SinkMessage = { id, receivedAt: new Date().toISOString(), envelopeFrom: 'sms', envelopeTo: [body.to], from: 'SMS', to: [body.to], subject: `SMS to ${body.to}`, text: body.text, html: '' };
    if (opts.dir) fs.writeFileSync(path.join(opts.dir, `${id}.json`), JSON.stringify(msg));
    store.push(msg);
    res.status(202).json({ id });
  });
  app.get('/messages', (_req, res) => {
    res.json([...store].reverse());
  });
  app.get('/messages/:id/raw', (req, res) => {
    const raw = raws.get(req.params.id) ?? (opts.dir && fs.existsSync(path.join(opts.dir, `${req.params.id}.eml`)) ? fs.readFileSync(path.join(opts.dir, `${req.params.id}.eml`)) : undefined);
    if (!raw) {
      res.status(404).json({ error: { code: 'not_found', message: 'no such message' } });
      return;
    }
    res.type('message/rfc822').send(raw);
  });
  app.delete('/messages', (_req, res) => {
    store.length = 0;
    raws.clear();
    if (opts.dir) for (const f of fs.readdirSync(opts.dir)) fs.rmSync(path.join(opts.dir, f));
    res.status(204).end();
  });
  app.get('/', (_req, res) => {
    const rows = [...store]
      .reverse()
      .map(
        (m) =>
          `<article><h3>${escapeHtml(m.subject)}</h3><p><b>${escapeHtml(m.receivedAt)}</b> · from ${escapeHtml(m.from)} · to ${escapeHtml(m.to.join(', '))} · <a href="/messages/${m.id}/raw">raw</a></p><pre>${escapeHtml(m.text)}</pre></article><hr>`,
      )
      .join('\n');
    res.type('html').send(`<!doctype html><meta charset="utf-8"><title>Dev mailbox</title><h1>Dev mailbox (${store.length})</h1>${rows || '<p>No mail yet.</p>'}`);
  });
  const http: Server = await new Promise((resolve, reject) => {
    const s = app.listen(opts.httpPort, host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });

  return {
    smtpPort: opts.smtpPort,
    httpPort: opts.httpPort,
    messages: () => [...store],
    async stop() {
      http.closeAllConnections();
      await new Promise<void>((r) => http.close(() => r()));
      await new Promise<void>((r) => smtp.close(() => r()));
    },
  };
}
