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
      throw new ChannelError(`${e.code ?? 'SMTP'}: ${e.message}`, permanent);
    }
  }

  close(): void {
    this.transport.close();
  }
}

/** SMS stand-in: writes the message to the log, ready to be replaced by a provider's adapter. */
export class LoggingSmsChannel implements Channel {
  readonly name = 'sms';
  constructor(private readonly logger: Logger) {}

  async send(m: OutgoingMessage): Promise<SendResult> {
    const providerMessageId = `log-${randomUUID()}`;
    this.logger.info('SMS (logging channel, no provider configured)', { to: m.to, text: m.sms, eventId: m.eventId, template: m.template, providerMessageId });
    return { providerMessageId };
  }

  close(): void {}
}
