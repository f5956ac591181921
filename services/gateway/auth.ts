/**
 * Authentication: HS256 JWTs (jose) naming the user; each request re-reads the user, so a
 * deactivated account or a changed role takes effect at once rather than when the token expires.
 */
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Actor } from '../../contracts/events.ts';
import type { User } from '../../contracts/users.ts';
import type { UsersRepository } from '../../data/users.repository.ts';
import type { Logger } from '../../platform/logger.ts';
import { HttpError } from './http-errors.ts';

const ISSUER = 'contact-center';

export interface TokenService {
  issue(user: User): Promise<{ token: string; expiresAt: string }>;
  /** The user id the token names; 401 when it is missing, malformed, forged or expired. */
  verify(token: string): Promise<string>;
}

export function tokenService(secret: string, ttlSeconds: number): TokenService {
  const key = new TextEncoder().encode(secret);
  return {
    async issue(user) {
      const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
      const token = await new SignJWT({ role: user.role, ...(user.executorId ? { executorId: user.executorId } : {}) })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(user.id)
        .setIssuer(ISSUER)
        .setIssuedAt()
        .setExpirationTime(exp)
        .sign(key);
      return { token, expiresAt: new Date(exp * 1000).toISOString() };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, algorithms: ['HS256'] });
        if (!payload.sub) throw new HttpError(401, 'unauthenticated', 'the token names no user');
        return payload.sub;
      } catch (err) {
        if (err instanceof HttpError) throw err;
        if (err instanceof joseErrors.JWTExpired) throw new HttpError(401, 'token_expired', 'the token has expired; sign in again');
        throw new HttpError(401, 'unauthenticated', 'the token is not valid');
      }
    },
  };
}

/** The signed-in user behind a bearer header, or undefined when there is no header. */
export async function authenticate(header: string | undefined, tokens: TokenService, users: UsersRepository): Promise<User | undefined> {
  if (header === undefined || header === '') return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m?.[1]) throw new HttpError(401, 'unauthenticated', 'expected "Authorization: Bearer <token>"');
  const id = await tokens.verify(m[1]);
  const user = await users.byId(id);
  if (!user?.active) throw new HttpError(401, 'unauthenticated', 'the account is not active');
  return user;
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
