/**
 * The SMS provider adapter (a generic HTTP API configured by URL, credentials and a body template),
 * production refusing to start without it, and the cap on argon2 work running at once.
 */
import { expect } from 'chai';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { configurePasswordWork, hashPassword, PasswordWorkBusyError, passwordWorkStats, verifyPassword } from '../../data/passwords.ts';
import { ChannelError, HttpSmsChannel } from '../../services/notification/channels.ts';
import { notificationEnv } from '../../services/notification/config.ts';
import { startSmtpSink } from '../../infra/smtp-sink.ts';

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

interface Received {
  method: string;
  auth: string | undefined;
  apiKey: string | string[] | undefined;
  type: string | undefined;
  body: string;
}

describe('security: the SMS provider adapter and the argon2 cap', function () {
  this.timeout(60_000);
  let server: Server;
  let url: string;
  const received: Received[] = [];
  let answer = { status: 200, body: '{"data":{"id":"prov-1"}}' };

  before(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ method: req.method ?? '', auth: req.headers.authorization, apiKey: req.headers['x-api-key'], type: req.headers['content-type'], body });
        res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(answer.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  });
  after(() => {
    server.close();
  });

  const message = (sms: string) => ({ to: '+380671234567', subject: '', text: sms, html: '', sms, messageId: 'msg-1', eventId: 'e-1', template: 'phone_verification' });

  it('posts the templated body with the credentials, escaping the text so it cannot change the body', async () => {
    answer = { status: 200, body: '{"data":{"id":"prov-1"}}' };
    const channel = new HttpSmsChannel({ url, method: 'POST', contentType: 'application/json', template: '{"phone":"{{to}}","message":"{{text}}","ref":"{{id}}"}', token: 'secret-token', idField: 'data.id', timeoutMs: 5000 });
    const tricky = 'Код: 123456", "to": "+380000000000';
    const res = await channel.send(message(tricky));
    expect(res.providerMessageId).to.equal('prov-1');
    const got = received.at(-1)!;
    expect(got.auth).to.equal('Bearer secret-token');
    expect(got.type).to.equal('application/json');
    expect(JSON.parse(got.body)).to.deep.equal({ phone: '+380671234567', message: tricky, ref: 'msg-1' });

    const withUser = new URL(url);
    withUser.username = 'city';
    withUser.password = 'pw';
    const form = new HttpSmsChannel({ url: withUser.toString(), method: 'POST', contentType: 'application/x-www-form-urlencoded', template: 'to={{to}}&text={{text}}', timeoutMs: 5000 });
    await form.send(message('a&b=c'));
    expect(received.at(-1)!.auth).to.equal(`Basic ${Buffer.from('city:pw').toString('base64')}`);
    expect(Object.fromEntries(new URLSearchParams(received.at(-1)!.body))).to.deep.equal({ to: '+380671234567', text: 'a&b=c' });

    const keyed = new HttpSmsChannel({ url, method: 'POST', contentType: 'application/json', template: '{"to":"{{to}}"}', token: 'k-1', tokenHeader: 'X-API-Key', timeoutMs: 5000 });
    await keyed.send(message('x'));
    expect(received.at(-1)!.apiKey).to.equal('k-1');
  });

  it('delivers to the dev mailbox, the local stack’s SMS provider, with the default body', async () => {
    const sink = await startSmtpSink({ smtpPort: await freePort(), httpPort: await freePort() });
    try {
      const channel = new HttpSmsChannel({ url: `http://127.0.0.1:${sink.httpPort}/sms`, method: 'POST', contentType: 'application/json', template: notificationEnv.shape.SMS_HTTP_TEMPLATE.parse(undefined), idField: 'id', timeoutMs: 5000 });
      const sent = await channel.send(message('Код: 654321'));
      expect(sent.providerMessageId).to.be.a('string');
      expect(sink.messages().map((m) => [m.to[0], m.text])).to.deep.equal([['+380671234567', 'Код: 654321']]);
    } finally {
      await sink.stop();
    }
  });

  it('treats a 4xx refusal as permanent and a 5xx or 429 as worth retrying', async () => {
    const channel = new HttpSmsChannel({ url, method: 'POST', contentType: 'application/json', template: '{"to":"{{to}}","text":"{{text}}"}', timeoutMs: 5000 });
    const failure = async (status: number): Promise<ChannelError> => {
      answer = { status, body: '{"error":"nope"}' };
      try {
        await channel.send(message('x'));
      } catch (err) {
        if (err instanceof ChannelError) return err;
        throw err;
      }
      throw new Error(`status ${status} was not a failure`);
    };
    expect((await failure(400)).permanent).to.equal(true);
    expect((await failure(429)).permanent).to.equal(false);
    expect((await failure(503)).permanent).to.equal(false);
  });

  it('refuses to start in production without an SMS provider, naming SMS_HTTP_URL', () => {
    const base = { NODE_ENV: 'production', MONGO_URL: 'mongodb://127.0.0.1:1/x', NATS_URL: 'nats://127.0.0.1:1', SMTP_URL: 'smtp://127.0.0.1:1' };
    const without = notificationEnv.safeParse(base);
    expect(without.success).to.equal(false);
    expect(without.error?.issues.map((i) => i.path.join('.'))).to.include('SMS_HTTP_URL');
    expect(notificationEnv.safeParse({ ...base, SMS_HTTP_URL: 'https://sms.example.org/send' }).success).to.equal(true);
  });

  it('never runs more argon2 work at once than the cap, and refuses beyond the queue', async () => {
    const hash = await hashPassword('correct horse');
    configurePasswordWork({ concurrency: 2, maxQueue: 4 });
    try {
      const results = await Promise.allSettled(Array.from({ length: 12 }, () => verifyPassword(hash, 'wrong')));
      const stats = passwordWorkStats();
      expect(stats.peak, 'argon2 calls running together').to.equal(2);
      expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(6);
      expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof PasswordWorkBusyError)).to.have.length(6);
      expect(await verifyPassword(hash, 'correct horse'), 'once the flood has passed').to.equal(true);
    } finally {
      configurePasswordWork({ concurrency: 2, maxQueue: 64 });
    }
  });
});
