/**
 * Turns one event into its notifications and delivers each exactly once as far as the delivery log
 * can see: claim → send → mark. Knows nothing of JetStream, so the consumer and the staff's
 * re-drive share it.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { MEMO_EVENT_TYPES, memoEventSchema, REQUEST_EVENT_TYPES, requestEventSchema, type MemoEvent, type RequestEvent } from '../../contracts/events.ts';
import type { ChannelName } from '../../contracts/notification.ts';
import { consultationEventSchema, sessionEventSchema, type ConsultationEvent, type SessionEvent } from '../../contracts/consultations.ts';
import { repairWorkEventSchema, type RepairWorkEvent } from '../../contracts/repair-works.ts';
import { deliveryId, type DeliveryKey, type NotificationRepository } from '../../data/notifications.repository.ts';
import type { Logger } from '../../platform/logger.ts';
import { createMetrics, type Metrics } from '../../platform/metrics.ts';
import { ChannelError, type Channel, type SendResult } from './channels.ts';
import { maskRecipient, redactContacts } from './redact.ts';
import { CONSULTATION_NOTIFIED_TYPES, planConsultation, planMemo, planRepairWork, planRequest, planSession, REPAIR_WORK_NOTIFIED_TYPES, UnusableEventError, type Planned } from './plan.ts';
import type { TemplateOptions } from './templates.ts';

export type ProcessResult =
  /** Not an event anyone is told about (another aggregate, an unknown type, a quiet request event). */
  | { kind: 'ignored'; eventId?: string; eventType?: string }
  /** It can never be delivered as it is: park it at once. */
  | { kind: 'malformed'; error: string; eventId?: string; eventType?: string }
  | { kind: 'done'; eventId: string; eventType: string; sent: number }
  /** Something failed that may work later (SMTP or MongoDB down, a claim held by another sender). */
  | { kind: 'retry'; error: string; eventId: string; eventType: string; retryInMs?: number }
  /** The mail server refused a message for good. */
  | { kind: 'rejected'; error: string; eventId: string; eventType: string };

export interface NotifierDeps {
  repo: NotificationRepository;
  channels: Record<ChannelName, Channel>;
  logger: Logger;
  templates: TemplateOptions;
  leaseMs: number;
  /** The domain of the Message-IDs we mint (the sender's). */
  messageIdDomain: string;
  now?: () => Date;
  /**
   * Counts each notification by channel, template and outcome (`sent`; `failed`, a send that failed
   * in a way a retry may mend; `parked`, a failed one given up on) and the delay from its event to
   * its send. None by default.
   */
  metrics?: Pick<Metrics, 'notifications' | 'notificationDelay'>;
}

const envelopeSchema = z.object({ id: z.string().optional(), type: z.string() });

const KNOWN_TYPES = new Set<string>([...REQUEST_EVENT_TYPES.map((t) => `request.${t}`), ...MEMO_EVENT_TYPES.map((t) => `memo.${t}`), ...REPAIR_WORK_NOTIFIED_TYPES, ...CONSULTATION_NOTIFIED_TYPES]);

const zodMessage = (err: z.ZodError): string => err.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; ');

// Failures reach the logs and the parked messages: any address or phone in their text is masked.
const errorText = (err: unknown): string => redactContacts(err instanceof Error ? err.message : String(err));

/** Reads a message's text as an event, or says why it is not one. */
export function parseEvent(
  raw: string,
):
  | { kind: 'request'; event: RequestEvent }
  | { kind: 'memo'; event: MemoEvent }
  | { kind: 'repair_work'; event: RepairWorkEvent }
  | { kind: 'consultation'; event: ConsultationEvent }
  | { kind: 'consultation_session'; event: SessionEvent }
  | Extract<ProcessResult, { kind: 'ignored' | 'malformed' }> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { kind: 'malformed', error: 'the message is not JSON' };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return { kind: 'malformed', error: `not an event envelope: ${zodMessage(envelope.error)}` };
  const { id: eventId, type: eventType } = envelope.data;
  // Types this build does not know (other aggregates, or newer than it) are not ours to judge.
  if (!KNOWN_TYPES.has(eventType)) return { kind: 'ignored', eventId, eventType };
  const invalid = (err: z.ZodError) => ({ kind: 'malformed' as const, error: `invalid ${eventType} event: ${zodMessage(err)}`, eventId, eventType });
  if (eventType.startsWith('request.')) {
    const parsed = requestEventSchema.safeParse(json);
    return parsed.success ? { kind: 'request', event: parsed.data } : invalid(parsed.error);
  }
  if (eventType.startsWith('consultation.')) {
    const parsed = consultationEventSchema.safeParse(json);
    return parsed.success ? { kind: 'consultation', event: parsed.data } : invalid(parsed.error);
  }
  if (eventType.startsWith('consultation_session.')) {
    const parsed = sessionEventSchema.safeParse(json);
    return parsed.success ? { kind: 'consultation_session', event: parsed.data } : invalid(parsed.error);
  }
  if (eventType.startsWith('repair_work.')) {
    const parsed = repairWorkEventSchema.safeParse(json);
    return parsed.success ? { kind: 'repair_work', event: parsed.data } : invalid(parsed.error);
  }
  const parsed = memoEventSchema.safeParse(json);
  return parsed.success ? { kind: 'memo', event: parsed.data } : invalid(parsed.error);
}

/** A message the channel accepted whose "sent" the delivery log has not taken yet. */
interface Unrecorded {
  token: string;
  providerMessageId?: string;
}

export class Notifier {
  private readonly now: () => Date;
  private readonly metrics: Pick<Metrics, 'notifications' | 'notificationDelay'>;
  /** Sent, not yet recorded: by delivery id. */
  private readonly unrecorded = new Map<string, Unrecorded>();

  constructor(private readonly deps: NotifierDeps) {
    this.now = deps.now ?? (() => new Date());
    this.metrics = deps.metrics ?? createMetrics({ service: 'notification', enabled: false });
  }

  /** Handles one message's text; throws only when the delivery log itself cannot be reached. */
  async process(raw: string): Promise<ProcessResult> {
    const planned = this.plan(raw);
    if (planned.kind !== 'planned') return planned;
    const { event, plan } = planned;
    if (plan.length === 0) return { kind: 'ignored', eventId: event.id, eventType: event.type };
    return this.deliver(event, plan);
  }

  /**
   * The deliveries a message's event has (those with someone to send to): what parking it parks. The
   * plan depends on the event alone, so it names the same deliveries its handling logged.
   */
  deliveryKeys(raw: string): DeliveryKey[] {
    const planned = this.plan(raw);
    if (planned.kind !== 'planned') return [];
    return planned.plan.filter((p) => !p.missing).map((p) => ({ eventId: planned.event.id, recipient: p.recipient, channel: p.channel, template: p.template }));
  }

  /**
   * Parks the failed deliveries of a message given up on (its retries ran out, the server refused
   * it, staff re-drove it in vain), counting each one that goes from failed to parked. Those sent,
   * skipped or still held by a sender stay as they are.
   */
  async parkDeliveries(raw: string, error: string): Promise<void> {
    const keys = this.deliveryKeys(raw);
    if (keys.length === 0) return;
    const ids = new Set(keys.map((k) => deliveryId(k)));
    const failed = await this.deps.repo.listDeliveries({ eventId: keys[0]!.eventId, status: 'failed', page: 1, pageSize: 200 });
    await this.deps.repo.parkDeliveries(keys, error);
    for (const d of failed.items) if (ids.has(d.id)) this.metrics.notifications.inc({ channel: d.channel, template: d.template, outcome: 'parked' });
  }

  private plan(raw: string): { kind: 'planned'; event: RequestEvent | MemoEvent | RepairWorkEvent | ConsultationEvent | SessionEvent; plan: Planned[] } | Extract<ProcessResult, { kind: 'ignored' | 'malformed' }> {
    const parsed = parseEvent(raw);
    if (parsed.kind === 'ignored' || parsed.kind === 'malformed') return parsed;
    const event = parsed.event;
    try {
      const plan =
        parsed.kind === 'request'
          ? planRequest(parsed.event, this.deps.templates)
          : parsed.kind === 'repair_work'
            ? planRepairWork(parsed.event, this.deps.templates)
            : parsed.kind === 'consultation'
              ? planConsultation(parsed.event, this.deps.templates)
              : parsed.kind === 'consultation_session'
                ? planSession(parsed.event, this.deps.templates)
                : planMemo(parsed.event, this.deps.templates);
      return { kind: 'planned', event, plan };
    } catch (err) {
      if (err instanceof UnusableEventError) return { kind: 'malformed', error: err.message, eventId: event.id, eventType: event.type };
      throw err;
    }
  }

  private async deliver(event: RequestEvent | MemoEvent | RepairWorkEvent | ConsultationEvent | SessionEvent, plan: Planned[]): Promise<ProcessResult> {
    const { repo, logger } = this.deps;
    const base = { eventId: event.id, eventType: event.type };
    // A consultation's number is logged as the number staff look deliveries up by.
    const requestNumber = 'request' in event.data ? event.data.request.number : 'consultation' in event.data ? event.data.consultation.number : undefined;
    const memoId = 'memoId' in event.data ? event.data.memoId : undefined;
    const log = { eventId: event.id, eventType: event.type, requestNumber, memoId };
    let sent = 0;
    const transient: string[] = [];
    const permanent: string[] = [];
    let retryInMs: number | undefined;

    for (const p of plan) {
      const key = { eventId: event.id, recipient: p.recipient, channel: p.channel, template: p.template };
      const meta = { eventType: event.type, role: p.role, requestNumber, memoId, subject: p.content.subject };
      if (p.missing) {
        logger.warn(`nobody to send ${p.template} to: ${p.missing}`, log);
        await repo.recordSkipped(key, meta, p.missing);
        continue;
      }
      // Sent by this process before, but the log would not take "sent": record it, never send it again.
      const pending = this.unrecorded.get(deliveryId(key));
      if (pending) {
        if (await this.recordSent(key, pending)) sent++;
        else transient.push(`${p.template} → ${maskRecipient(p.recipient)} by ${p.channel}: sent, but the delivery log could not record it yet`);
        continue;
      }
      const now = this.now();
      const claim = await repo.claim(key, meta, { now, leaseMs: this.deps.leaseMs });
      if (claim.kind === 'done') continue;
      if (claim.kind === 'busy') {
        // Another delivery holds it: come back (it may be sent by then), by the time its lease runs out at the latest.
        const wait = Math.max(claim.leaseUntil.getTime() - now.getTime(), 1);
        retryInMs = Math.max(retryInMs ?? 0, wait);
        transient.push(`${p.template} → ${maskRecipient(p.recipient)} is being sent by another delivery`);
        continue;
      }
      const channel = this.deps.channels[p.channel];
      let res: SendResult;
      try {
        res = await channel.send({ to: p.recipient, ...p.content, messageId: this.messageId(key), eventId: event.id, template: p.template });
      } catch (err) {
        const error = `${p.template} → ${maskRecipient(p.recipient)} by ${p.channel}: ${errorText(err)}`;
        await repo.markFailed(key, claim.token, errorText(err), this.now());
        if (err instanceof ChannelError && err.permanent) permanent.push(error);
        else {
          transient.push(error);
          // A refusal for good is parked at once and counted then; this one is tried again.
          this.metrics.notifications.inc({ channel: p.channel, template: p.template, outcome: 'failed' });
        }
        logger.warn(`could not send ${p.template} by ${p.channel}`, { ...log, to: maskRecipient(p.recipient), attempt: claim.attempts, err: errorText(err) });
        continue;
      }
      // The server accepted the message: it is out, whatever happens to the log from here on.
      this.countSent(p.channel, p.template, event.occurredAt);
      logger.info(`sent ${p.template} by ${p.channel}`, { ...log, to: maskRecipient(p.recipient), attempt: claim.attempts });
      const unrecorded: Unrecorded = { token: claim.token, providerMessageId: res.providerMessageId };
      if (await this.recordSent(key, unrecorded)) sent++;
      else transient.push(`${p.template} → ${maskRecipient(p.recipient)} by ${p.channel}: sent, but the delivery log could not record it yet`);
    }
    if (permanent.length > 0) return { kind: 'rejected', ...base, error: [...permanent, ...transient].join('; ') };
    if (transient.length > 0) return { kind: 'retry', ...base, error: transient.join('; '), retryInMs };
    return { kind: 'done', ...base, sent };
  }

  /**
   * Writes "sent" for a message the channel accepted. A failure here (the delivery log unreachable)
   * neither marks the delivery failed nor lets it be sent again: the delivery is remembered as sent
   * and unrecorded, and each redelivery of its event records it instead of sending. Only if this
   * process ends before the log takes it, and the claim's lease runs out, may another send follow.
   */
  private async recordSent(key: DeliveryKey, u: Unrecorded): Promise<boolean> {
    const id = deliveryId(key);
    try {
      await this.deps.repo.markSent(key, u.token, { providerMessageId: u.providerMessageId, now: this.now() });
      this.unrecorded.delete(id);
      return true;
    } catch (err) {
      this.unrecorded.set(id, u);
      this.deps.logger.error('a sent message could not be recorded as sent; it is kept as sent and recorded on the next try', {
        eventId: key.eventId,
        template: key.template,
        to: maskRecipient(key.recipient),
        err: errorText(err),
      });
      return false;
    }
  }

  /** A send the channel accepted, and how long after its event (a clock behind the event's counts as no delay). */
  private countSent(channel: ChannelName, template: string, occurredAt: string): void {
    this.metrics.notifications.inc({ channel, template, outcome: 'sent' });
    const since = (this.now().getTime() - Date.parse(occurredAt)) / 1000;
    if (Number.isFinite(since)) this.metrics.notificationDelay.observe({ channel }, Math.max(since, 0));
  }

  /** Stable per delivery: a mail resent after a crash window carries the same Message-ID, which lets mail systems drop the copy. */
  private messageId(key: { eventId: string; recipient: string; channel: string; template: string }): string {
    const h = createHash('sha256').update(`${key.recipient}\n${key.channel}\n${key.template}`).digest('hex').slice(0, 16);
    return `<${key.eventId}.${h}@${this.deps.messageIdDomain}>`;
  }
}
