/** Shared by the security tests: the SMS provider's side of the notification service, and a log that keeps every line. */
import { Writable } from 'node:stream';
import winston from 'winston';
import type { Channel, OutgoingMessage } from '../../services/notification/channels.ts';

/** What the notification service's SMS channel handed over to the provider. */
export class ProviderInbox implements Channel {
  readonly name = 'sms';
  readonly sent: OutgoingMessage[] = [];
  async send(m: OutgoingMessage) {
    this.sent.push(m);
    return { providerMessageId: `provider-${this.sent.length}` };
  }
  close(): void {}
  to(phone: string, purpose?: string): OutgoingMessage[] {
    return this.sent.filter((m) => m.to === phone && (purpose === undefined || m.template === purpose));
  }
  /** The six-digit code in the last SMS of `purpose` to `phone`. */
  codeFor(phone: string, purpose: string): string {
    const code = /\b(\d{6})\b/.exec(this.to(phone, purpose).at(-1)?.sms ?? '')?.[1];
    if (!code) throw new Error(`no ${purpose} code was sent to ${phone}`);
    return code;
  }
}

/** A logger at debug level that keeps every line it writes, to check what never reaches a log. */
export function capturingLogger(): { logger: winston.Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = winston.createLogger({ level: 'debug', format: winston.format.json(), transports: [new winston.transports.Stream({ stream })] });
  return { logger, lines };
}
