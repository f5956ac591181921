/**
 * One-time codes that confirm an applicant's phone number (sent by SMS). One open code per user:
 * kept only as a hash, valid for CODE_TTL_MS, a new one no sooner than RESEND_AFTER_MS after the
 * last, and at most MAX_ATTEMPTS guesses before the code is spent.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKey } from './mongo-errors.ts';

export const CODE_TTL_MS = 10 * 60_000;
export const RESEND_AFTER_MS = 60_000;
export const MAX_ATTEMPTS = 5;

interface VerificationDoc {
  /** The user's id: one open code per user. */
  _id: string;
  phone: string;
  codeHash: string;
  sentAt: Date;
  expiresAt: Date;
  attempts: number;
}

const schema = new Schema<VerificationDoc>(
  {
    _id: { type: String, required: true },
    phone: { type: String, required: true },
    codeHash: { type: String, required: true },
    sentAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    attempts: { type: Number, required: true, default: 0 },
  },
  { collection: 'phone_verifications', versionKey: false },
);

const model = (conn: Connection): Model<VerificationDoc> =>
  (conn.models.PhoneVerification as Model<VerificationDoc> | undefined) ?? conn.model<VerificationDoc>('PhoneVerification', schema);

const hashOf = (userId: string, code: string): string => createHash('sha256').update(`${userId}:${code}`).digest('hex');

export type IssueResult = { issued: true; code: string; expiresAt: Date } | { issued: false; retryAfterMs: number };
export type CheckResult = { ok: true } | { ok: false; reason: 'wrong_code'; attemptsLeft: number } | { ok: false; reason: 'no_code' | 'too_many_attempts' };

export function phoneVerificationsRepository(conn: Connection) {
  const Verifications = model(conn);
  return {
    /** A new six-digit code for the user's phone, replacing any earlier one; refused while the last is fresh. */
    async issue(userId: string, phone: string, now: Date): Promise<IssueResult> {
      const last = await Verifications.findById(userId).lean<VerificationDoc>();
      if (last && now.getTime() - last.sentAt.getTime() < RESEND_AFTER_MS) {
        return { issued: false, retryAfterMs: RESEND_AFTER_MS - (now.getTime() - last.sentAt.getTime()) };
      }
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
      // Only the stale code seen here is removed, so a code issued meanwhile by a concurrent request stays.
      if (last) await Verifications.deleteOne({ _id: userId, sentAt: last.sentAt });
      try {
        await Verifications.create({ _id: userId, phone, codeHash: hashOf(userId, code), sentAt: now, expiresAt, attempts: 0 });
      } catch (err) {
        // A second request at the same moment issued its code first: that one is the fresh code.
        if (isDuplicateKey(err)) return { issued: false, retryAfterMs: RESEND_AFTER_MS };
        throw err;
      }
      return { issued: true, code, expiresAt };
    },

    /** Checks a code against the open one for this phone; a right code is spent at once. */
    async check(userId: string, phone: string, code: string, now: Date): Promise<CheckResult> {
      const open = await Verifications.findById(userId).lean<VerificationDoc>();
      if (!open || open.phone !== phone || open.expiresAt <= now) return { ok: false, reason: 'no_code' };
      if (open.attempts >= MAX_ATTEMPTS) return { ok: false, reason: 'too_many_attempts' };
      const right = timingSafeEqual(Buffer.from(hashOf(userId, code), 'hex'), Buffer.from(open.codeHash, 'hex'));
      if (right) {
        await Verifications.deleteOne({ _id: userId, codeHash: open.codeHash });
        return { ok: true };
      }
      await Verifications.updateOne({ _id: userId, codeHash: open.codeHash }, { $inc: { attempts: 1 } });
      const attemptsLeft = MAX_ATTEMPTS - open.attempts - 1;
      return attemptsLeft > 0 ? { ok: false, reason: 'wrong_code', attemptsLeft } : { ok: false, reason: 'too_many_attempts' };
    },
  };
}

export type PhoneVerificationsRepository = ReturnType<typeof phoneVerificationsRepository>;
