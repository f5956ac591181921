/**
 * The remote codec of the Temporal UI (and of `temporal workflow show --codec-endpoint`): payloads
 * in Temporal are encrypted (platform/payload-codec.ts), and the UI shows them in the clear only
 * through this endpoint, which decrypts for signed-in staff who may read every request's applicant
 * and nobody else. The browser reaches it from the UI's origin (CORS: CODEC_CORS_ORIGINS) with the
 * staff member's token, as `Authorization: Bearer` or as the staff session cookie that
 * `POST /staff-session` sets (the UI's TEMPORAL_CODEC_INCLUDE_CREDENTIALS sends it). The same
 * cookie opens the browser-only staff tools: Swagger UI and the readiness details in production.
 * The cookie carries a narrow staff-tools token (services/gateway/auth.ts): the API refuses it as a
 * bearer token, and the cookie refuses an API token, so a cookie that leaks opens no other route.
 */
import type { Payload } from '@temporalio/common';
import { z } from 'zod';
import { CODEC_PATH } from '../../../contracts/wire.ts';
import type { AuthState } from '../../../data/users.repository.ts';
import { createPayloadCodec, PayloadDecryptionError } from '../../../platform/payload-codec.ts';
import { authenticateRequest } from '../auth.ts';
import { HttpError } from '../http-errors.ts';
import { cookieOf, publicRoute, route, type AnyRoute } from './define.ts';

/**
 * The cookie that carries a staff-tools token for browser tools. Only read-only endpoints accept it
 * (the codec's decode, Swagger UI, /readyz details), so a request forged from another page changes nothing.
 */
export const STAFF_COOKIE = 'cc_staff';

const base64 = z.string().max(4_000_000).regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'must be base64');

/** A payload as Temporal's JSON shows it (protobuf JSON: bytes in base64). */
const jsonPayload = z.object({ metadata: z.record(z.string().max(200), base64).optional(), data: base64.optional() });
type JsonPayload = z.infer<typeof jsonPayload>;

const payloads = z
  // Protobuf JSON leaves out an empty list: the CLI sends `{}` for an event with no payloads.
  .object({ payloads: z.array(jsonPayload).max(1000).default([]) })
  .meta({ id: 'CodecPayloads', description: 'Temporal payloads in protobuf JSON: metadata values and data in base64.' });

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

const cookie = (value: string, maxAgeSeconds: number): string =>
  // HttpOnly: no script reads it; SameSite=Strict: no other site's page sends it; Secure: browsers
  // accept it over plain HTTP on localhost only, which is where the development stack runs.
  `${STAFF_COOKIE}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; Secure; SameSite=Strict`;

export const codecRoutes: AnyRoute[] = [
  route({
    id: 'codec.decode',
    method: 'post',
    path: '/codec/decode',
    tag: 'codec',
    summary: 'Decode Temporal payloads',
    description:
      "The Temporal UI's remote codec: decrypts the payloads of workflow histories for staff who may read every request (operator, manager, ICT, admin). A payload without the encryption marker comes back as it is; one under a key id this deployment does not hold is refused (422).",
    sessionCookie: STAFF_COOKIE,
    body: payloads,
    responses: {
      200: { description: 'The payloads, decrypted', schema: payloads },
      422: { description: 'A payload names a key id this deployment does not hold, or does not authenticate' },
    },
    handler: async ({ body, deps }) => {
      const codec = deps.payloadCodec ?? createPayloadCodec([]);
      try {
        const decoded = await codec.decode(body.payloads.map(fromJson));
        return { body: { payloads: decoded.map(toJson) }, headers: { 'Cache-Control': 'no-store' } };
      } catch (err) {
        if (err instanceof PayloadDecryptionError) throw new HttpError(422, 'payload_undecodable', err.message, err.keyId ? { keyId: err.keyId } : undefined);
        throw err;
      }
    },
  }),
  route({
    id: 'staffSession.open',
    method: 'post',
    path: '/staff-session',
    tag: 'codec',
    summary: 'Open a staff session for the browser tools',
    description: `Sets an HttpOnly cookie (${STAFF_COOKIE}) with a staff-tools token of the signed-in staff member, so that the Temporal UI, configured to send credentials to its codec endpoint (${CODEC_PATH}), decodes payloads for them, and, in production, Swagger UI and the readiness details open for them. It lasts as a sign-in does, until \`DELETE /staff-session\`, or until a new password, another role or deactivation. Only those read-only endpoints accept the cookie, and only the cookie carries that token: as a bearer token the API refuses it (401), and an API token as the cookie is refused too.`,
    responses: { 200: { description: 'The cookie is set', schema: z.object({ expiresAt: z.string() }) } },
    handler: async ({ res, deps }) => {
      // The versions that the bearer token was just checked against (services/gateway/routes/define.ts).
      const { token, expiresAt } = await deps.tokens.issueStaffTools(res.locals.auth as AuthState);
      const maxAge = Math.max(0, Math.floor((Date.parse(expiresAt) - Date.now()) / 1000));
      return { body: { expiresAt }, headers: { 'Set-Cookie': cookie(token, maxAge), 'Cache-Control': 'no-store' } };
    },
  }),
  publicRoute({
    id: 'staffSession.close',
    method: 'delete',
    path: '/staff-session',
    tag: 'codec',
    summary: 'Close the staff session of the browser tools',
    description: `Clears the ${STAFF_COOKIE} cookie and ends the staff session on every gateway replica: every staff-tools token of the cookie's holder (and of the bearer token's user, when one is sent) is refused from then on, so a copy of the cookie opens nothing. Without a cookie or with a stale one, it only clears the cookie.`,
    responses: { 200: { description: 'The cookie is cleared', schema: z.object({ ok: z.literal(true) }) } },
    handler: async ({ req, user, deps }) => {
      const holders = new Set<string>(user ? [user.id] : []);
      const sent = cookieOf(req, STAFF_COOKIE);
      if (sent !== undefined) {
        // A cookie that no longer authenticates (expired, revoked, forged) has nothing left to end.
        const holder = await authenticateRequest({ staffCookie: sent }, deps.tokens, deps.users).catch((err: unknown) => {
          if (err instanceof HttpError && err.status === 401) return undefined;
          throw err;
        });
        if (holder) holders.add(holder.user.id);
      }
      for (const id of holders) await deps.users.revokeStaffSessions(id);
      return { body: { ok: true as const }, headers: { 'Set-Cookie': cookie('', 0), 'Cache-Control': 'no-store' } };
    },
  }),
];
