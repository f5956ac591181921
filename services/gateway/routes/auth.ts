/** Sign-in, applicants' self-registration (web cabinet), confirming their phone by SMS code, and who-am-I. */
import { z } from 'zod';
import { directSmsResultSchema, NOTIFICATION_SUBJECTS, type DirectSms } from '../../../contracts/notification.ts';
import { passwordSchema } from '../../../contracts/users.ts';
import { CODE_TTL_MS } from '../../../data/phone-verifications.repository.ts';
import { normalizeUaPhone, phoneSchema } from '../../../domain/phone.ts';
import { HttpError } from '../http-errors.ts';
import { userOut } from '../schemas.ts';
import { publicRoute, route, type AnyRoute } from './define.ts';
import { ask } from './notifications.ts';

/** +380671234567 → +38067•••••67: enough to recognise one's own number. */
const masked = (phone: string): string => `${phone.slice(0, 6)}${'•'.repeat(Math.max(0, phone.length - 8))}${phone.slice(-2)}`;

const session = z.object({ token: z.string(), expiresAt: z.string(), user: userOut }).meta({ id: 'Session' });

export const authRoutes: AnyRoute[] = [
  publicRoute({
    id: 'auth.login',
    method: 'post',
    path: '/auth/login',
    tag: 'auth',
    summary: 'Sign in',
    description: 'Returns a bearer JWT (HS256) valid for JWT_TTL_HOURS. Applicants may sign in with their phone number in any usual format.',
    body: z.object({ login: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) }),
    responses: { 200: { description: 'Signed in', schema: session }, 401: { description: 'Wrong login or password' } },
    handler: async ({ body, deps }) => {
      let user = await deps.users.verifyCredentials(body.login, body.password);
      const phone = user ? null : normalizeUaPhone(body.login);
      if (!user && phone && phone !== body.login) user = await deps.users.verifyCredentials(phone, body.password);
      if (!user) throw new HttpError(401, 'invalid_credentials', 'wrong login or password');
      return { body: { ...(await deps.tokens.issue(user)), user } };
    },
  }),
  publicRoute({
    id: 'auth.register',
    method: 'post',
    path: '/auth/register',
    tag: 'auth',
    summary: 'Register as an applicant',
    description: "Opens a resident's cabinet: the phone number (E.164) becomes the login. Returns a session, like sign-in.",
    body: z.object({
      phone: phoneSchema,
      password: passwordSchema,
      name: z.string().trim().min(1).max(200),
      email: z.string().trim().email().optional(),
    }),
    responses: { 201: { description: 'Registered and signed in', schema: session }, 409: { description: 'The phone number already has a cabinet' } },
    handler: async ({ body, deps }) => {
      const user = await deps.users.create({ login: body.phone, password: body.password, role: 'applicant', name: body.name, phone: body.phone, email: body.email });
      return { status: 201, body: { ...(await deps.tokens.issue(user)), user } };
    },
  }),
  route({
    id: 'auth.phoneVerification.send',
    method: 'post',
    path: '/auth/phone-verification',
    tag: 'auth',
    summary: 'Send a code that confirms my phone',
    description: `Sends a six-digit code by SMS to the applicant's phone on record, valid ${CODE_TTL_MS / 60_000} minutes. Once confirmed, the requests an operator registered from calls under that number are the applicant's too (list, card, rating). A new code no sooner than a minute after the last (429 with Retry-After).`,
    responses: {
      202: { description: 'Sent', schema: z.object({ sentTo: z.string(), expiresAt: z.string() }).meta({ id: 'PhoneCodeSent' }) },
      409: { description: 'Already confirmed' },
      429: { description: 'A code was sent less than a minute ago' },
      503: { description: 'The SMS could not be sent now' },
    },
    handler: async ({ user, deps, res }) => {
      if (!user.phone) throw new HttpError(422, 'phone_required', 'the account has no phone number to confirm');
      if (user.phoneVerifiedAt) throw new HttpError(409, 'already_verified', `${user.phone} is already confirmed`);
      const issued = await deps.phoneVerifications.issue(user.id, user.phone, new Date());
      if (!issued.issued) {
        const seconds = Math.ceil(issued.retryAfterMs / 1000);
        res.set('Retry-After', String(seconds));
        throw new HttpError(429, 'too_soon', `a code was sent less than a minute ago; ask again in ${seconds} s`, { retryAfterSeconds: seconds });
      }
      const sms: DirectSms = {
        to: user.phone,
        text: `Код підтвердження номера в кабінеті 1520: ${issued.code}. Дійсний ${CODE_TTL_MS / 60_000} хв. Нікому його не повідомляйте.`,
        purpose: 'phone_verification',
      };
      try {
        await ask(deps.nc, NOTIFICATION_SUBJECTS.sms, sms, directSmsResultSchema);
      } catch (err) {
        deps.logger.warn('could not send the phone confirmation code', { userId: user.id, err: err instanceof Error ? err.message : String(err) });
        throw new HttpError(503, 'sms_unavailable', 'the code could not be sent by SMS now; try again later');
      }
      return { status: 202, body: { sentTo: masked(user.phone), expiresAt: issued.expiresAt.toISOString() } };
    },
  }),
  route({
    id: 'auth.phoneVerification.confirm',
    method: 'post',
    path: '/auth/phone-verification/confirm',
    tag: 'auth',
    summary: 'Confirm my phone with the code',
    description: 'A right code confirms the phone on record (`phoneVerifiedAt`); five wrong guesses spend the code.',
    body: z.object({ code: z.string().regex(/^\d{6}$/, 'the six digits of the SMS') }),
    responses: {
      200: { description: 'Confirmed', schema: userOut },
      422: { description: 'Wrong, expired or no code' },
      429: { description: 'Too many wrong guesses: ask for a new code' },
    },
    handler: async ({ user, body, deps }) => {
      if (!user.phone) throw new HttpError(422, 'phone_required', 'the account has no phone number to confirm');
      if (user.phoneVerifiedAt) return { body: user };
      const now = new Date();
      const checked = await deps.phoneVerifications.check(user.id, user.phone, body.code, now);
      if (!checked.ok) {
        if (checked.reason === 'wrong_code') throw new HttpError(422, 'wrong_code', `wrong code; ${checked.attemptsLeft} more tries`, { attemptsLeft: checked.attemptsLeft, fields: [{ field: 'body.code', message: 'wrong code' }] });
        if (checked.reason === 'too_many_attempts') throw new HttpError(429, 'too_many_attempts', 'too many wrong codes: ask for a new one');
        throw new HttpError(422, 'no_code', 'no valid code for this phone: ask for a new one');
      }
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
