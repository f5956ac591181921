/**
 * One-time codes that confirm a phone number (sent by SMS). One open code per key — a user's id, or
 * for a cabinet being opened, one per sign-up attempt (`registration:<phone>#<attempt id>`, see
 * `registrationAttemptKey`): kept only as a hash, valid for CODE_TTL_MS, a new one no sooner than
 * `resendAfterMs` after the last (for sign-up, the last to the phone, whichever attempt), and at most
 * MAX_ATTEMPTS guesses before the code is spent. A guess is counted before it is compared, and counted by an insert: it claims the first
 * free attempt slot `<key>@<sentAt>#1…5` in `phone_code_attempts`, whose unique `_id` gives each of
 * concurrent guesses a slot of its own, so they cannot all see "fewer than five". (An `$inc` would not
 * do: FerretDB 1.24 on SQLite loses concurrent increments of one document — 60 at once left 28.)
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
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
  /**
   * The user's id, or a sign-up attempt's key: one open code per key. `registration:<phone>` holds no
   * code: it marks when the phone's last sign-up code was sent, so the resend interval holds across attempts.
   */
  _id: string;
  phone: string;
  codeHash?: string;
  sentAt: Date;
  expiresAt: Date;
  attempts: number;
  pending?: PendingRegistration;
}

const schema = new Schema<VerificationDoc>(
  {
    _id: { type: String, required: true },
    phone: { type: String, required: true },
    codeHash: { type: String, required: false },
    sentAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    attempts: { type: Number, required: true, default: 0 },
    pending: { type: { _id: false, passwordHash: String, name: String, email: String }, required: false },
  },
  { collection: 'phone_verifications', versionKey: false },
);

/** One attempt slot of one code: inserted by the guess that claims it. */
interface AttemptDoc {
  _id: string;
  at: Date;
}

const attemptSchema = new Schema<AttemptDoc>({ _id: { type: String, required: true }, at: { type: Date, required: true } }, { collection: 'phone_code_attempts', versionKey: false });

const attemptModel = (conn: Connection): Model<AttemptDoc> =>
  (conn.models.PhoneCodeAttempt as Model<AttemptDoc> | undefined) ?? conn.model<AttemptDoc>('PhoneCodeAttempt', attemptSchema);

const model = (conn: Connection): Model<VerificationDoc> =>
  (conn.models.PhoneVerification as Model<VerificationDoc> | undefined) ?? conn.model<VerificationDoc>('PhoneVerification', schema);

const hashOf = (userId: string, code: string): string => createHash('sha256').update(`${userId}:${code}`).digest('hex');

export type IssueResult = { issued: true; code: string; expiresAt: Date } | { issued: false; retryAfterMs: number };
export type CheckResult = { ok: true; pending?: PendingRegistration } | { ok: false; reason: 'wrong_code'; attemptsLeft: number } | { ok: false; reason: 'no_code' | 'too_many_attempts' };

/** The key that spaces out the sign-up codes sent to a phone (it holds no code of its own). */
export const registrationKey = (phone: string): string => `registration:${phone}`;

/**
 * The key of one sign-up attempt's code and pending cabinet. Each attempt has its own, so a later
 * attempt for the same phone never replaces what an earlier one keeps (its password above all), and a
 * code opens only the attempt it was sent for.
 */
export const registrationAttemptKey = (phone: string, attemptId: string): string => `${registrationKey(phone)}#${attemptId}`;

/** A new sign-up attempt's id: 128 random bits, base64url. */
export const newAttemptId = (): string => randomBytes(16).toString('base64url');

export function phoneVerificationsRepository(conn: Connection, opts: { resendAfterMs?: number } = {}) {
  const Verifications = model(conn);
  const Attempts = attemptModel(conn);
  const resendAfterMs = opts.resendAfterMs ?? RESEND_AFTER_MS;
  return {
    /** How long until a new code may be sent for this key (0: now). */
    async retryAfterMs(userId: string, now: Date): Promise<number> {
      const last = await Verifications.findById(userId, { sentAt: 1 }).lean<Pick<VerificationDoc, 'sentAt'>>();
      return last ? Math.max(0, resendAfterMs - (now.getTime() - last.sentAt.getTime())) : 0;
    },

    /**
     * A new six-digit code for the phone, replacing any earlier one under `userId`; refused while the
     * last is fresh. With `codeKey`, `userId` only spaces the codes out (a marker without a code) and
     * the code is kept under `codeKey`, beside any earlier ones (a sign-up attempt's).
     */
    async issue(userId: string, phone: string, now: Date, pending?: PendingRegistration, codeKey?: string): Promise<IssueResult> {
      const last = await Verifications.findById(userId).lean<VerificationDoc>();
      if (last && now.getTime() - last.sentAt.getTime() < resendAfterMs) {
        return { issued: false, retryAfterMs: resendAfterMs - (now.getTime() - last.sentAt.getTime()) };
      }
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
      const key = codeKey ?? userId;
      const withCode = { phone, codeHash: hashOf(key, code), sentAt: now, expiresAt, attempts: 0, ...(pending ? { pending } : {}) };
      // Only the stale code seen here is removed, so a code issued meanwhile by a concurrent request stays.
      if (last) await Verifications.deleteOne({ _id: userId, sentAt: last.sentAt });
      try {
        await Verifications.create(codeKey ? { _id: userId, phone, sentAt: now, expiresAt, attempts: 0 } : { _id: userId, ...withCode });
      } catch (err) {
        // A second request at the same moment issued its code first: that one is the fresh code.
        if (isDuplicateKey(err)) return { issued: false, retryAfterMs: resendAfterMs };
        throw err;
      }
      if (codeKey) await Verifications.create({ _id: codeKey, ...withCode });
      return { issued: true, code, expiresAt };
    },

    /** Removes expired codes and the attempt slots of codes older than a day (housekeeping: both collections stay small). */
    async purgeExpired(now: Date): Promise<void> {
      await Verifications.deleteMany({ expiresAt: { $lt: now } });
      await Attempts.deleteMany({ at: { $lt: new Date(now.getTime() - 24 * 3600_000) } });
    },

    /**
     * Checks a code against the open one for this phone; a right code is spent at once. The guess first
     * claims an attempt slot (see the module's note); only a guess holding one of the MAX_ATTEMPTS
     * slots is compared.
     */
    async check(userId: string, phone: string, code: string, now: Date): Promise<CheckResult> {
      const open = await Verifications.findById(userId).lean<VerificationDoc>();
      if (!open?.codeHash || open.phone !== phone || open.expiresAt <= now) return { ok: false, reason: 'no_code' };
      const codeHash = open.codeHash;
      let slot = 0;
      for (let i = 1; i <= MAX_ATTEMPTS && slot === 0; i++) {
        try {
          await Attempts.create({ _id: `${userId}@${open.sentAt.getTime()}#${i}`, at: now });
          slot = i;
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
      }
      if (slot === 0) return { ok: false, reason: 'too_many_attempts' };
      const right = timingSafeEqual(Buffer.from(hashOf(userId, code), 'hex'), Buffer.from(codeHash, 'hex'));
      if (right) {
        // Spent by whoever deletes it: of two right guesses at once, one wins.
        const spent = await Verifications.deleteOne({ _id: userId, codeHash });
        if (spent.deletedCount !== 1) return { ok: false, reason: 'no_code' };
        return { ok: true, ...(open.pending ? { pending: open.pending } : {}) };
      }
      const attemptsLeft = MAX_ATTEMPTS - slot;
      return attemptsLeft > 0 ? { ok: false, reason: 'wrong_code', attemptsLeft } : { ok: false, reason: 'too_many_attempts' };
    },
  };
}

export type PhoneVerificationsRepository = ReturnType<typeof phoneVerificationsRepository>;
