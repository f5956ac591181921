/**
 * Authentication: HS256 JWTs (jose) naming the user and the token version they were issued under.
 * Each request re-reads the user by `_id` (one read, no cache), so a deactivated account or a
 * changed role takes effect at once, and a token whose version is no longer the user's — after a
 * new password, another role or executor, or deactivation (data/users.repository.ts `update`) — is
 * refused on every gateway replica at once.
 *
 * Two kinds of token, told apart by their audience: `api`, what sign-in answers, for the API; and
 * `staff-tools`, what the staff session cookie of the browser tools carries (`POST /staff-session`),
 * accepted only where that cookie is (the codec's decode, and Swagger UI and the readiness details
 * in production), never as a bearer token. Closing the staff session bumps the user's
 * `staffSessionVersion`, which staff-tools tokens name too.
 */
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Actor } from '../../contracts/events.ts';
import type { User } from '../../contracts/users.ts';
import type { AuthState, UsersRepository } from '../../data/users.repository.ts';
import type { Logger } from '../../platform/logger.ts';
import { HttpError } from './http-errors.ts';

const ISSUER = 'contact-center';

/** The audience of a token: the API, or only the read-only browser tools (the staff session cookie). */
export type TokenAudience = 'api' | 'staff-tools';

/** What a verified token says. */
export interface TokenClaims {
  userId: string;
  /** The user's `tokenVersion` when it was issued. */
  version: number;
  /** Staff-tools tokens: the user's `staffSessionVersion` when it was issued. */
  staffSessionVersion?: number;
}

export interface TokenService {
  /** An API token (audience `api`) for the user as `state` read them. */
  issue(state: AuthState): Promise<{ token: string; expiresAt: string }>;
  /** A staff-tools token (audience `staff-tools`): the staff session cookie's, refused as a bearer token. */
  issueStaffTools(state: AuthState): Promise<{ token: string; expiresAt: string }>;
  /** What a token of this audience says; 401 when it is missing, malformed, forged, expired or of another audience. */
  verify(token: string, audience: TokenAudience): Promise<TokenClaims>;
}

const version = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

export function tokenService(secret: string, ttlSeconds: number): TokenService {
  const key = new TextEncoder().encode(secret);
  const sign = async (claims: Record<string, unknown>, userId: string, audience: TokenAudience): Promise<{ token: string; expiresAt: string }> => {
    const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(key);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  };
  return {
    issue: ({ user, tokenVersion }) => sign({ role: user.role, ...(user.executorId ? { executorId: user.executorId } : {}), ver: tokenVersion }, user.id, 'api'),
    issueStaffTools: ({ user, tokenVersion, staffSessionVersion }) => sign({ ver: tokenVersion, sver: staffSessionVersion }, user.id, 'staff-tools'),
    async verify(token, audience) {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience, algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] });
        // A token without its version (one issued before tokens could be revoked) cannot be checked: refused.
        if (!payload.sub || !version(payload.ver)) throw new HttpError(401, 'unauthenticated', 'the token is not valid');
        if (audience === 'staff-tools' && !version(payload.sver)) throw new HttpError(401, 'unauthenticated', 'the token is not valid');
        return { userId: payload.sub, version: payload.ver, ...(audience === 'staff-tools' ? { staffSessionVersion: payload.sver as number } : {}) };
      } catch (err) {
        if (err instanceof HttpError) throw err;
        if (err instanceof joseErrors.JWTExpired) throw new HttpError(401, 'token_expired', 'the token has expired; sign in again');
        throw new HttpError(401, 'unauthenticated', 'the token is not valid');
      }
    },
  };
}

/** The user behind a verified token, while the token's versions are still the user's. */
async function holderOf(claims: TokenClaims, users: UsersRepository): Promise<AuthState> {
  const state = await users.authState(claims.userId);
  if (!state?.user.active) throw new HttpError(401, 'unauthenticated', 'the account is not active');
  const revoked =
    claims.version !== state.tokenVersion || (claims.staffSessionVersion !== undefined && claims.staffSessionVersion !== state.staffSessionVersion);
  if (revoked) throw new HttpError(401, 'unauthenticated', 'the token was revoked (a new password, another role, or the session was closed): sign in again');
  return state;
}

/**
 * Who is calling: the user behind the `Authorization: Bearer` API token or, where a browser tool's
 * staff session cookie is accepted (`staffCookie` given) and no Authorization header came, behind
 * the cookie's staff-tools token; undefined when neither came. 401 for a bad, expired or revoked one.
 */
export async function authenticateRequest(
  sent: { authorization?: string | undefined; staffCookie?: string | undefined },
  tokens: TokenService,
  users: UsersRepository,
): Promise<AuthState | undefined> {
  const header = sent.authorization;
  if (header === undefined && sent.staffCookie !== undefined) return holderOf(await tokens.verify(sent.staffCookie, 'staff-tools'), users);
  if (header === undefined || header === '') return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m?.[1]) throw new HttpError(401, 'unauthenticated', 'expected "Authorization: Bearer <token>"');
  return holderOf(await tokens.verify(m[1], 'api'), users);
}

/** The actor recorded in workflows, events and audit trails for a user. */
export function actorOf(user: User): Actor {
  return {
    id: user.id,
    role: user.role,
    name: user.name,
    ...(user.executorId ? { executorId: user.executorId } : {}),
    ...(user.role === 'applicant' && user.phone && user.phoneVerifiedAt ? { verifiedPhone: user.phone } : {}),
  };
}

/** Creates the first admin from ADMIN_LOGIN / ADMIN_PASSWORD when there is no active admin yet. */
export async function bootstrapAdmin(users: UsersRepository, opts: { login: string; password?: string }, logger: Logger): Promise<void> {
  if (await users.anyActive('admin')) return;
  if (!opts.password) {
    logger.warn('there is no admin yet and ADMIN_PASSWORD is not set: nobody can create users');
    return;
  }
  const existing = await users.byLogin(opts.login);
  if (existing) {
    logger.warn(`there is no active admin, but the login ${opts.login} belongs to a ${existing.role}; pick another ADMIN_LOGIN`);
    return;
  }
  try {
    await users.create({ login: opts.login, password: opts.password, role: 'admin', name: 'Administrator' });
    logger.info(`created the first admin, ${opts.login}`);
  } catch (err) {
    // Two gateways starting together: the other one created it.
    if (!(await users.anyActive('admin'))) throw err;
  }
}
