/**
 * One-time codes that confirm a phone number (sent by SMS). One open code per key — a user's id, or
 * `registration:<phone>` for a cabinet being opened: kept only as a hash, valid for CODE_TTL_MS, a new
 * one no sooner than `resendAfterMs` after the last, and at most MAX_ATTEMPTS guesses before the code
 * is spent. A guess is counted before it is compared, in one atomic `$inc` on the code's `_id`, so
 * concurrent guesses cannot all see "fewer than five".
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKey } from './mongo-errors.ts';

export const CODE_TTL_MS = 10 * 60_000;
export const RESEND_AFTER_MS = 60_000;
export const MAX_ATTEMPTS = 5;

/** What a cabinet being opened keeps until its phone is confirmed (the password only as its hash). */
export interface PendingRegistration {
  passwordHash: string;
  name: string;
  email?: string;
}

interface VerificationDoc {
  /** The user's id (or `registration:<phone>`): one open code per key. */
  _id: string;
  phone: string;
  codeHash: string;
  sentAt: Date;
  expiresAt: Date;
  attempts: number;
  pending?: PendingRegistration;
}

const schema = new Schema<VerificationDoc>(
  {
    _id: { type: String, required: true },
    phone: { type: String, required: true },
    codeHash: { type: String, required: true },
    sentAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    attempts: { type: Number, required: true, default: 0 },
    pending: { type: { _id: false, passwordHash: String, name: String, email: String }, required: false },
  },
  { collection: 'phone_verifications', versionKey: false },
);

const model = (conn: Connection): Model<VerificationDoc> =>
  (conn.models.PhoneVerification as Model<VerificationDoc> | undefined) ?? conn.model<VerificationDoc>('PhoneVerification', schema);

const hashOf = (userId: string, code: string): string => createHash('sha256').update(`${userId}:${code}`).digest('hex');

export type IssueResult = { issued: true; code: string; expiresAt: Date } | { issued: false; retryAfterMs: number };
export type CheckResult = { ok: true; pending?: PendingRegistration } | { ok: false; reason: 'wrong_code'; attemptsLeft: number } | { ok: false; reason: 'no_code' | 'too_many_attempts' };

/** The key of the code that confirms the phone of a cabinet being opened. */
export const registrationKey = (phone: string): string => `registration:${phone}`;

export function phoneVerificationsRepository(conn: Connection, opts: { resendAfterMs?: number } = {}) {
  const Verifications = model(conn);
  const resendAfterMs = opts.resendAfterMs ?? RESEND_AFTER_MS;
  return {
    /** How long until a new code may be sent for this key (0: now). */
    async retryAfterMs(userId: string, now: Date): Promise<number> {
      const last = await Verifications.findById(userId, { sentAt: 1 }).lean<Pick<VerificationDoc, 'sentAt'>>();
      return last ? Math.max(0, resendAfterMs - (now.getTime() - last.sentAt.getTime())) : 0;
    },

    /** A new six-digit code for the phone, replacing any earlier one; refused while the last is fresh. */
    async issue(userId: string, phone: string, now: Date, pending?: PendingRegistration): Promise<IssueResult> {
      const last = await Verifications.findById(userId).lean<VerificationDoc>();
      if (last && now.getTime() - last.sentAt.getTime() < resendAfterMs) {
        return { issued: false, retryAfterMs: resendAfterMs - (now.getTime() - last.sentAt.getTime()) };
      }
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
      // Only the stale code seen here is removed, so a code issued meanwhile by a concurrent request stays.
      if (last) await Verifications.deleteOne({ _id: userId, sentAt: last.sentAt });
      try {
        await Verifications.create({ _id: userId, phone, codeHash: hashOf(userId, code), sentAt: now, expiresAt, attempts: 0, ...(pending ? { pending } : {}) });
      } catch (err) {
        // A second request at the same moment issued its code first: that one is the fresh code.
        if (isDuplicateKey(err)) return { issued: false, retryAfterMs: resendAfterMs };
        throw err;
      }
      return { issued: true, code, expiresAt };
    },

    /**
     * Checks a code against the open one for this phone; a right code is spent at once. The guess is
     * counted first (`$inc` by `_id`), and only a guess within MAX_ATTEMPTS is compared.
     */
    async check(userId: string, phone: string, code: string, now: Date): Promise<CheckResult> {
      const open = await Verifications.findOneAndUpdate({ _id: userId }, { $inc: { attempts: 1 } }, { returnDocument: 'after' }).lean<VerificationDoc>();
      if (!open || open.phone !== phone || open.expiresAt <= now) return { ok: false, reason: 'no_code' };
      if (open.attempts > MAX_ATTEMPTS) return { ok: false, reason: 'too_many_attempts' };
      const right = timingSafeEqual(Buffer.from(hashOf(userId, code), 'hex'), Buffer.from(open.codeHash, 'hex'));
      if (right) {
        // Spent by whoever deletes it: of two right guesses at once, one wins.
        const spent = await Verifications.deleteOne({ _id: userId, codeHash: open.codeHash });
        if (spent.deletedCount !== 1) return { ok: false, reason: 'no_code' };
        return { ok: true, ...(open.pending ? { pending: open.pending } : {}) };
      }
      const attemptsLeft = MAX_ATTEMPTS - open.attempts;
      return attemptsLeft > 0 ? { ok: false, reason: 'wrong_code', attemptsLeft } : { ok: false, reason: 'too_many_attempts' };
    },
  };
}

export type PhoneVerificationsRepository = ReturnType<typeof phoneVerificationsRepository>;
