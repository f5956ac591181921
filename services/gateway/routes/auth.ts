/** Sign-in, applicants' self-registration (web cabinet) and who-am-I. */
import { z } from 'zod';
import { passwordSchema } from '../../../contracts/users.ts';
import { normalizeUaPhone, phoneSchema } from '../../../domain/phone.ts';
import { HttpError } from '../http-errors.ts';
import { userOut } from '../schemas.ts';
import { publicRoute, route, type AnyRoute } from './define.ts';

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
    id: 'auth.me',
    method: 'get',
    path: '/auth/me',
    tag: 'auth',
    summary: 'Show the signed-in user',
    responses: { 200: { description: 'The user behind the token', schema: userOut } },
    handler: async ({ user }) => ({ body: user }),
  }),
];
