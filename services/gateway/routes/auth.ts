/** Sign-in, applicants' self-registration (web cabinet), confirming their phone by SMS code, and who-am-I. */
import { z } from 'zod';
import { directSmsResultSchema, NOTIFICATION_SUBJECTS, type DirectSms } from '../../../contracts/notification.ts';
import { passwordSchema, type User } from '../../../contracts/users.ts';
import { hashPassword } from '../../../data/passwords.ts';
import { CODE_TTL_MS, MAX_ATTEMPTS, newAttemptId, registrationAttemptKey, registrationKey, type CheckResult } from '../../../data/phone-verifications.repository.ts';
import { DomainError } from '../../../domain/errors.ts';
import { normalizeUaPhone, phoneSchema } from '../../../domain/phone.ts';
import { HttpError } from '../http-errors.ts';
import { clientIp } from '../rate-limits.ts';
import type { ApiDeps } from '../deps.ts';
import { userOut } from '../schemas.ts';
import { publicRoute, route, type AnyRoute } from './define.ts';
import { ask } from './notifications.ts';

/** +380671234567 → +38067•••••67: enough to recognise one's own number. */
const masked = (phone: string): string => `${phone.slice(0, 6)}${'•'.repeat(Math.max(0, phone.length - 8))}${phone.slice(-2)}`;

const session = z.object({ token: z.string(), expiresAt: z.string(), user: userOut }).meta({ id: 'Session' });

/** The client's address for the per-address limits (`req.ip`, which TRUST_PROXY governs). */

/**
 * Sends a code (or, for a number that already has a cabinet, a notice) by SMS, once the resend
 * interval and the day's caps allow: one SMS per phone at a time, SMS_CODES_PER_PHONE_PER_DAY to a
 * phone whoever asks, SMS_CODES_PER_ACCOUNT_PER_DAY for an account.
 */
async function sendCode(
  deps: ApiDeps,
  o: {
    key: string;
    /** Where the code is kept when `key` only spaces the codes out (a sign-up attempt's key). */
    codeKey?: string;
    phone: string;
    accountId?: string;
    purpose: DirectSms['purpose'];
    text: (code: string) => string;
    pending?: Parameters<ApiDeps['phoneVerifications']['issue']>[3];
  },
): Promise<{ sentTo: string; expiresAt: string }> {
  const now = new Date();
  const tooSoon = (ms: number): HttpError => {
    const seconds = Math.max(1, Math.ceil(ms / 1000));
    return new HttpError(429, 'too_soon', `a code was sent to this number a moment ago; ask again in ${seconds} s`, { retryAfterSeconds: seconds });
  };
  const wait = await deps.phoneVerifications.retryAfterMs(o.key, now);
  if (wait > 0) throw tooSoon(wait);
  // The account's own cap first, so an account over it does not spend the phone's.
  if (o.accountId) await deps.rateLimits.consume('sms.account', o.accountId);
  await deps.rateLimits.consume('sms.phone', o.phone);
  const issued = await deps.phoneVerifications.issue(o.key, o.phone, now, o.pending, o.codeKey);
  if (!issued.issued) throw tooSoon(issued.retryAfterMs);
  const sms: DirectSms = { to: o.phone, text: o.text(issued.code), purpose: o.purpose };
  try {
    await ask(deps.nc, NOTIFICATION_SUBJECTS.sms, sms, directSmsResultSchema);
  } catch (err) {
    deps.logger.warn('could not send an SMS', { purpose: o.purpose, ...(o.accountId ? { userId: o.accountId } : {}), err: err instanceof Error ? err.message : String(err) });
    throw new HttpError(503, 'sms_unavailable', 'the code could not be sent by SMS now; try again later', { retryAfterSeconds: 30 });
  }
  return { sentTo: masked(o.phone), expiresAt: issued.expiresAt.toISOString() };
}

/** A refused code as the API answers it. */
function codeRefusal(checked: Exclude<CheckResult, { ok: true }>): HttpError {
  if (checked.reason === 'wrong_code') return new HttpError(422, 'wrong_code', `wrong code; ${checked.attemptsLeft} more tries`, { attemptsLeft: checked.attemptsLeft, fields: [{ field: 'body.code', message: 'wrong code' }] });
  if (checked.reason === 'too_many_attempts') return new HttpError(429, 'too_many_attempts', 'too many wrong codes: ask for a new one');
  return new HttpError(422, 'no_code', 'no valid code for this phone: ask for a new one');
}

const codeSent = z.object({ sentTo: z.string(), expiresAt: z.string() }).meta({ id: 'PhoneCodeSent' });
const attemptIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{22}$/, 'the attemptId POST /auth/register answered')
  .meta({ description: 'The sign-up attempt this code was sent for, as `POST /auth/register` answered it.' });
const registrationStarted = z
  .object({ attemptId: attemptIdSchema, sentTo: z.string(), expiresAt: z.string() })
  .meta({ id: 'RegistrationStarted', description: 'A sign-up attempt: its id, which the confirmation must name, and where and until when its code is valid.' });
const codeBody = z.string().regex(/^\d{6}$/, 'the six digits of the SMS');
const tooMany = { description: 'rate_limited: too many attempts from this address or for this login or phone, or too_soon; see Retry-After' };

export const authRoutes: AnyRoute[] = [
  publicRoute({
    id: 'auth.login',
    method: 'post',
    path: '/auth/login',
    tag: 'auth',
    summary: 'Sign in',
    description: `Returns a bearer JWT (HS256) valid for JWT_TTL_HOURS, or until a new password, another role or executor, or deactivation revokes it (each request checks, on every gateway replica). Applicants may sign in with their phone number in any usual format. Failed attempts are limited per client address (RATE_LIMIT_AUTH_PER_IP) and per login (RATE_LIMIT_AUTH_PER_ACCOUNT) within RATE_LIMIT_WINDOW_SECONDS: past either, every attempt (the right password too) is 429 with Retry-After until the window ends. A successful sign-in counts against neither.`,
    body: z.object({ login: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) }),
    responses: {
      200: { description: 'Signed in', schema: session },
      401: { description: 'Wrong login or password' },
      429: tooMany,
      503: { description: 'busy: too many sign-ins are being checked at once; see Retry-After' },
    },
    handler: async ({ body, deps, req }) => {
      const phone = normalizeUaPhone(body.login);
      const ip = clientIp(req);
      const account = phone ?? body.login.toLowerCase();
      // Only failures count (OWASP): each attempt is counted before the password is checked, so
      // concurrent guesses cannot all slip past the limit, and given back once it succeeds.
      await deps.rateLimits.consume('login.ip', ip);
      await deps.rateLimits.consume('login.account', account);
      let signedIn = await deps.users.signIn(body.login, body.password);
      if (!signedIn && phone && phone !== body.login) signedIn = await deps.users.signIn(phone, body.password);
      if (!signedIn) throw new HttpError(401, 'invalid_credentials', 'wrong login or password');
      await Promise.all([deps.rateLimits.refund('login.ip', ip), deps.rateLimits.refund('login.account', account)]);
      // The token names the version read with the password hash: a password changed meanwhile revokes it.
      return { body: { ...(await deps.tokens.issue(signedIn)), user: signedIn.user } };
    },
  }),
  publicRoute({
    id: 'auth.register',
    method: 'post',
    path: '/auth/register',
    tag: 'auth',
    summary: 'Register as an applicant: send a code to the phone',
    description:
      "Opens a resident's cabinet in two steps: this one starts a sign-up attempt, answers its `attemptId` and sends a six-digit code by SMS to the phone (E.164, which becomes the login); `POST /auth/register/confirm` with the phone, the `attemptId` and the code opens the cabinet with the phone confirmed. " +
      'Each attempt keeps its own code, password, name and email: another attempt for the same phone (someone else who knows the number, say) gets a code of its own and never changes or opens this one. ' +
      'The answer is the same whether or not the number already has a cabinet (its owner gets an SMS saying so instead of a code), so registration does not tell which numbers are registered. ' +
      'Limited per client address and per phone (429 with Retry-After), one SMS a minute and SMS_CODES_PER_PHONE_PER_DAY a day per phone.',
    body: z.object({
      phone: phoneSchema,
      password: passwordSchema,
      name: z.string().trim().min(1).max(200),
      email: z.string().trim().email().optional(),
    }),
    responses: { 202: { description: 'An attempt was started and its code sent (or, for a registered number, a notice)', schema: registrationStarted }, 429: tooMany, 503: { description: 'The SMS could not be sent now' } },
    handler: async ({ body, deps, req }) => {
      await deps.rateLimits.consume('register.ip', clientIp(req));
      await deps.rateLimits.consume('register.phone', body.phone);
      // Hashed whether or not the number is taken, so the answer takes as long either way.
      const passwordHash = await hashPassword(body.password);
      const taken = (await deps.users.byLogin(body.phone)) !== null;
      const attemptId = newAttemptId();
      const sent = await sendCode(deps, {
        key: registrationKey(body.phone),
        codeKey: registrationAttemptKey(body.phone, attemptId),
        phone: body.phone,
        purpose: 'registration',
        // For a taken number a code is kept too (so guesses count the same) but never sent, and it opens nothing.
        ...(taken ? {} : { pending: { passwordHash, name: body.name, ...(body.email ? { email: body.email } : {}) } }),
        text: (code) =>
          taken
            ? 'Цей номер уже має кабінет на сайті Контакт-центру 1520. Увійдіть із ним або відновіть пароль. Якщо ви не реєструвалися, нічого не робіть.'
            : `Код реєстрації кабінету 1520: ${code}. Дійсний ${CODE_TTL_MS / 60_000} хв. Нікому його не повідомляйте.`,
      });
      return { status: 202, body: { attemptId, ...sent } };
    },
  }),
  publicRoute({
    id: 'auth.register.confirm',
    method: 'post',
    path: '/auth/register/confirm',
    tag: 'auth',
    summary: 'Register as an applicant: confirm the code and open the cabinet',
    description: `The code from the SMS opens the cabinet (phone confirmed) with the details of the attempt it was sent for, and signs in. The code counts only with that attempt's \`attemptId\`; ${MAX_ATTEMPTS} wrong guesses spend the attempt's code; attempts are limited per address and per phone.`,
    body: z.object({ phone: phoneSchema, attemptId: attemptIdSchema, code: codeBody }),
    responses: {
      201: { description: 'Registered and signed in', schema: session },
      422: { description: 'Wrong, expired or no code for this attempt' },
      429: { description: 'Too many wrong guesses (ask for a new code), or rate_limited; see Retry-After' },
    },
    handler: async ({ body, deps, req }) => {
      await deps.rateLimits.consume('phoneCode.ip', clientIp(req));
      await deps.rateLimits.consume('phoneCode.account', body.phone);
      const now = new Date();
      const checked = await deps.phoneVerifications.check(registrationAttemptKey(body.phone, body.attemptId), body.phone, body.code, now);
      if (!checked.ok) throw codeRefusal(checked);
      const noCode = new HttpError(422, 'no_code', 'no valid code for this phone: ask for a new one');
      if (!checked.pending) throw noCode;
      let user: User | null;
      try {
        const p = checked.pending;
        user = await deps.users.create({ login: body.phone, password: '', passwordHash: p.passwordHash, role: 'applicant', name: p.name, phone: body.phone, ...(p.email ? { email: p.email } : {}) });
      } catch (err) {
        // Registered meanwhile: said no differently from a wrong code.
        if (err instanceof DomainError && err.code === 'login_taken') throw noCode;
        throw err;
      }
      user = (await deps.users.markPhoneVerified(user.id, body.phone, now)) ?? user;
      deps.logger.info('an applicant opened a cabinet', { userId: user.id });
      // A cabinet just opened: no change has revoked anything yet.
      return { status: 201, body: { ...(await deps.tokens.issue({ user, tokenVersion: 0, staffSessionVersion: 0 })), user } };
    },
  }),
  route({
    id: 'auth.phoneVerification.send',
    method: 'post',
    path: '/auth/phone-verification',
    tag: 'auth',
    summary: 'Send a code that confirms my phone',
    description: `Sends a six-digit code by SMS to the applicant's phone on record, valid ${CODE_TTL_MS / 60_000} minutes. Once confirmed, the requests an operator registered from calls under that number are the applicant's too (list, card, rating), and the cabinet may submit requests. A new code no sooner than SMS_RESEND_AFTER_SECONDS after the last, at most SMS_CODES_PER_PHONE_PER_DAY to the phone and SMS_CODES_PER_ACCOUNT_PER_DAY for the account (429 with Retry-After).`,
    responses: {
      202: { description: 'Sent', schema: codeSent },
      409: { description: 'Already confirmed' },
      429: { description: 'too_soon (a code was just sent) or rate_limited (a limit of the day or of the window); see Retry-After' },
      503: { description: 'The SMS could not be sent now' },
    },
    handler: async ({ user, deps, req }) => {
      if (!user.phone) throw new HttpError(422, 'phone_required', 'the account has no phone number to confirm');
      if (user.phoneVerifiedAt) throw new HttpError(409, 'already_verified', `${user.phone} is already confirmed`);
      await deps.rateLimits.consume('phoneCode.ip', clientIp(req));
      const sent = await sendCode(deps, {
        key: user.id,
        phone: user.phone,
        accountId: user.id,
        purpose: 'phone_verification',
        text: (code) => `Код підтвердження номера в кабінеті 1520: ${code}. Дійсний ${CODE_TTL_MS / 60_000} хв. Нікому його не повідомляйте.`,
      });
      return { status: 202, body: sent };
    },
  }),
  route({
    id: 'auth.phoneVerification.confirm',
    method: 'post',
    path: '/auth/phone-verification/confirm',
    tag: 'auth',
    summary: 'Confirm my phone with the code',
    description: `A right code confirms the phone on record (\`phoneVerifiedAt\`); ${MAX_ATTEMPTS} wrong guesses spend the code, each counted before it is compared. Attempts are limited per address and per account.`,
    body: z.object({ code: codeBody }),
    responses: {
      200: { description: 'Confirmed', schema: userOut },
      422: { description: 'Wrong, expired or no code' },
      429: { description: 'Too many wrong guesses (ask for a new code), or rate_limited; see Retry-After' },
    },
    handler: async ({ user, body, deps, req }) => {
      if (!user.phone) throw new HttpError(422, 'phone_required', 'the account has no phone number to confirm');
      if (user.phoneVerifiedAt) return { body: user };
      await deps.rateLimits.consume('phoneCode.ip', clientIp(req));
      await deps.rateLimits.consume('phoneCode.account', user.id);
      const now = new Date();
      const checked = await deps.phoneVerifications.check(user.id, user.phone, body.code, now);
      if (!checked.ok) throw codeRefusal(checked);
      const confirmed = await deps.users.markPhoneVerified(user.id, user.phone, now);
      if (!confirmed) throw new HttpError(409, 'phone_changed', 'the phone on record changed meanwhile: ask for a new code');
      deps.logger.info('an applicant confirmed their phone', { userId: user.id });
      return { body: confirmed };
    },
  }),
  route({
    id: 'auth.me',
    method: 'get',
    path: '/auth/me',
    tag: 'auth',
    summary: 'Show the signed-in user',
    responses: { 200: { description: 'The user behind the token', schema: userOut } },
    handler: async ({ user }) => ({ body: user }),
  }),
];
