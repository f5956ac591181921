/**
 * Delivery channels. Email goes through a pooled nodemailer SMTP transport; SMS and messengers sit
 * behind the same `Channel` interface, with a logging implementation until a provider is chosen
 * (a provider adapter implements `send` and throws `ChannelError` with `permanent` set when the
 * provider refuses the number for good).
 */
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { ChannelName } from '../../contracts/notification.ts';
import type { Logger } from '../../platform/logger.ts';
import { redactContacts, safeReason } from './redact.ts';

export interface OutgoingMessage {
  /** An email address or an E.164 phone, depending on the channel. */
  to: string;
  subject: string;
  text: string;
  html: string;
  sms: string;
  /** Stable per delivery, so a mail resent after a crash carries the same Message-ID. */
  messageId: string;
  /** For logs. */
  eventId: string;
  template: string;
}

export interface SendResult {
  providerMessageId?: string;
}

export interface Channel {
  readonly name: ChannelName;
  send(message: OutgoingMessage): Promise<SendResult>;
  close(): void;
}

/** A send failed; `permanent` when trying again cannot help (the server refused this message or address). */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

interface NodemailerError extends Error {
  code?: string;
  responseCode?: number;
  permanent?: boolean;
  command?: string;
}

export interface EmailChannelOptions {
  url: string;
  from: string;
  fromName: string;
  maxConnections: number;
  timeoutMs: number;
}

/** Email through SMTP, over a small pool of kept-alive connections. */
export class EmailChannel implements Channel {
  readonly name = 'email';
  private readonly transport;

  constructor(private readonly opts: EmailChannelOptions) {
    this.transport = nodemailer.createTransport({
      url: opts.url,
      pool: true,
      maxConnections: opts.maxConnections,
      // The defaults (2 min to connect, 10 min idle) would hold a message far past its ack wait.
      connectionTimeout: opts.timeoutMs,
      greetingTimeout: opts.timeoutMs,
      socketTimeout: opts.timeoutMs,
    });
  }

  async verify(): Promise<void> {
    await this.transport.verify();
  }

  async send(m: OutgoingMessage): Promise<SendResult> {
    try {
      const info = await this.transport.sendMail({
        from: { name: this.opts.fromName, address: this.opts.from },
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        messageId: m.messageId,
      });
      return { providerMessageId: info.messageId };
    } catch (err) {
      const e = err as NodemailerError;
      // Only a refusal of this message or address is final; a 5xx on connect or AUTH is the relay's
      // configuration, and parking every mail at once for it would be worse than waiting.
      const permanent = e.permanent === true && (e.code === 'EENVELOPE' || e.code === 'EMESSAGE');
      // The server's words often quote the address it refused: masked, since this text reaches the logs.
      throw new ChannelError(`${e.code ?? 'SMTP'}: ${redactContacts(e.message).slice(0, 300)}`, permanent);
    }
  }

  close(): void {
    this.transport.close();
  }
}

/**
 * SMS stand-in outside production: notes in the log that an SMS would go out — never its text,
 * which may be a one-time code or a resident's request.
 */
export class LoggingSmsChannel implements Channel {
  readonly name = 'sms';
  constructor(private readonly logger: Logger) {}

  async send(m: OutgoingMessage): Promise<SendResult> {
    const providerMessageId = `log-${randomUUID()}`;
    this.logger.info('SMS not sent: no provider configured (SMS_HTTP_URL)', { eventId: m.eventId, template: m.template, length: m.sms.length, providerMessageId });
    return { providerMessageId };
  }

  close(): void {}
}

export interface HttpSmsOptions {
  url: string;
  method: 'POST' | 'PUT';
  contentType: 'application/json' | 'application/x-www-form-urlencoded';
  /** The body, with {{to}}, {{text}} and {{id}} put in (escaped for the content type). */
  template: string;
  /** Sent as `Authorization: Bearer <token>`, or bare in `tokenHeader` when that is another header. */
  token?: string | undefined;
  tokenHeader?: string | undefined;
  /** A dotted path to the provider's message id in its JSON answer. */
  idField?: string | undefined;
  timeoutMs: number;
}

/**
 * A generic HTTP SMS provider: one request per message, configured by URL, credentials and a body
 * template, so most providers' "send SMS" APIs fit without code. 2xx is sent; a 4xx other than
 * 408/429 is the provider refusing this message for good (permanent); anything else is retried.
 */
export class HttpSmsChannel implements Channel {
  readonly name = 'sms';
  constructor(private readonly opts: HttpSmsOptions) {}

  /** The body for one message: each placeholder escaped for the content type, so no text can change the body's shape. */
  body(m: { to: string; text: string; id: string }): string {
    const escape = this.opts.contentType === 'application/json' ? (v: string) => JSON.stringify(v).slice(1, -1) : encodeURIComponent;
    return this.opts.template.replace(/\{\{(to|text|id)\}\}/g, (_all, name: 'to' | 'text' | 'id') => escape(m[name]));
  }

  async send(m: OutgoingMessage): Promise<SendResult> {
    const headers: Record<string, string> = { 'Content-Type': this.opts.contentType, Accept: 'application/json' };
    // fetch refuses a URL with credentials: they travel as HTTP Basic instead.
    const url = new URL(this.opts.url);
    if (url.username || url.password) {
      headers.Authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
      url.username = '';
      url.password = '';
    }
    const tokenHeader = this.opts.tokenHeader ?? 'Authorization';
    if (this.opts.token) headers[tokenHeader] = tokenHeader.toLowerCase() === 'authorization' ? `Bearer ${this.opts.token}` : this.opts.token;
    let res: Response;
    try {
      res = await fetch(url, { method: this.opts.method, headers, body: this.body({ to: m.to, text: m.sms, id: m.messageId }), signal: AbortSignal.timeout(this.opts.timeoutMs) });
    } catch (err) {
      // fetch's own words (a timeout, a refused connection) and its cause's code; never the request.
      const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
      const what = err instanceof Error ? `${err.name}${typeof cause?.code === 'string' ? ` ${cause.code}` : ''}` : 'error';
      throw new ChannelError(`SMS provider unreachable: ${safeReason(what)}`, false);
    }
    const answer = await res.text().catch(() => '');
    if (!res.ok) {
      const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
      // The status and a sanitised reason phrase only: the body may echo the phone or the text (a code).
      const reason = safeReason(res.statusText);
      throw new ChannelError(`SMS provider answered ${res.status}${reason ? ` ${reason}` : ''}`, permanent);
    }
    return this.opts.idField ? { ...providerIdOf(answer, this.opts.idField) } : {};
  }

  close(): void {}
}

function providerIdOf(answer: string, path: string): SendResult {
  try {
    let v: unknown = JSON.parse(answer);
    for (const k of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
    return typeof v === 'string' || typeof v === 'number' ? { providerMessageId: String(v) } : {};
  } catch {
    return {};
  }
}
