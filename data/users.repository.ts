/**
 * Users: created with an argon2 hash, looked up by login for sign-in and by id for every request.
 * Both lookups are by `_id` alone — the login through its `user_logins` key document — since any
 * other filter makes FerretDB on SQLite read every user.
 */
import type { Connection } from 'mongoose';
import { randomUUID } from 'node:crypto';
import type { NewUser, Role, User } from '../contracts/users.ts';
import { DomainError } from '../domain/errors.ts';
import { isDuplicateKey } from './mongo-errors.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { userLoginModel, userModel, type UserDoc } from './users.schema.ts';

/** Changes to a user; `executorId: null` removes the binding (a user who no longer works for an executor). */
export type UserChanges = Partial<Pick<NewUser, 'name' | 'role' | 'phone' | 'email' | 'password'>> & { active?: boolean; executorId?: string | null };

/**
 * A user with the versions their tokens are checked against (never shown by the API): a token is
 * valid only while the versions it names are the user's current ones.
 */
export interface AuthState {
  user: User;
  tokenVersion: number;
  staffSessionVersion: number;
}

export interface UserListFilter {
  role?: Role;
  executorId?: string;
  page: number;
  pageSize: number;
}

const toUser = (d: UserDoc): User => ({
  id: d._id,
  login: d.login,
  role: d.role,
  name: d.name,
  active: d.active,
  ...(d.executorId ? { executorId: d.executorId } : {}),
  ...(d.phone ? { phone: d.phone } : {}),
  ...(d.phone && d.phoneVerified?.phone === d.phone ? { phoneVerifiedAt: d.phoneVerified.at.toISOString() } : {}),
  ...(d.email ? { email: d.email } : {}),
});

const toAuthState = (d: UserDoc): AuthState => ({ user: toUser(d), tokenVersion: d.tokenVersion ?? 0, staffSessionVersion: d.staffSessionVersion ?? 0 });

// A hash to verify against when the login does not exist, so sign-in takes as long either way.
let dummyHash: Promise<string> | undefined;

/** The `user_logins` marker written once every user has its key document; no login has a space. */
export const ALL_LOGINS_KEYED = ' every user has a login document';

export function usersRepository(conn: Connection) {
  const Users = userModel(conn);
  const Logins = userLoginModel(conn);

  /** Writes a login's key document; one that exists already names the same user (logins never change). */
  const keyLogin = async (login: string, userId: string): Promise<void> => {
    try {
      await Logins.create({ _id: login, userId });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  };

  /**
   * A taken login without its key document — its creator stopped between the two inserts — gets it
   * now, so its user can sign in. Only a sign-up refused for a taken login comes here, and only when
   * the key is missing does it read the users by login.
   */
  const repairLoginKey = async (login: string): Promise<void> => {
    if (await Logins.findById(login).lean()) return;
    const holder = await Users.findOne({ login }, { login: 1 }).lean<Pick<UserDoc, '_id'>>();
    if (holder) await keyLogin(login, holder._id);
  };

  /** The user with this login: its key document by `_id`, then the user by `_id`. */
  const findByLogin = async (login: string): Promise<UserDoc | null> => {
    const key = await Logins.findById(login).lean();
    if (!key?.userId) return null;
    const d = await Users.findById(key.userId).lean<UserDoc>();
    return d?.login === login ? d : null;
  };

  /**
   * The active user with this login and password, with the token versions read together with the
   * password hash (so a token issued now names the versions of the password it was given), or null
   * (wrong login and wrong password look the same).
   */
  const signIn = async (login: string, password: string): Promise<AuthState | null> => {
    const found = await findByLogin(login);
    const d = found?.active ? found : null;
    if (!d) {
      dummyHash ??= hashPassword('not a password of anyone');
      await verifyPassword(await dummyHash, password);
      return null;
    }
    const ok = await verifyPassword(d.passwordHash, password);
    return ok ? toAuthState(d) : null;
  };

  return {
    /**
     * Builds the indexes and, once per store, gives the users created before logins had key
     * documents theirs: one read of every user, then a marker that says it is done.
     */
    async init(): Promise<void> {
      await Promise.all([Users.init(), Logins.init()]);
      if (await Logins.findById(ALL_LOGINS_KEYED).lean()) return;
      for await (const u of Users.find({}, { login: 1 }).lean<Array<Pick<UserDoc, '_id' | 'login'>>>().cursor()) await keyLogin(u.login, u._id);
      await keyLogin(ALL_LOGINS_KEYED, '');
    },

    /** Creates a user; `login_taken` (409) when the login exists. */
    async create(input: NewUser & { passwordHash?: string }): Promise<User> {
      const passwordHash = input.passwordHash ?? (await hashPassword(input.password));
      try {
        const doc = await Users.create({
          _id: randomUUID(),
          login: input.login,
          passwordHash,
          role: input.role,
          name: input.name,
          executorId: input.executorId,
          phone: input.phone,
          email: input.email,
          active: true,
        });
        // The user first: its unique login index decides a race for the login; then the key for sign-in.
        await keyLogin(input.login, doc._id);
        return toUser(doc.toObject());
      } catch (err) {
        if (isDuplicateKey(err)) {
          await repairLoginKey(input.login);
          throw new DomainError('login_taken', `the login '${input.login}' is already taken`, { field: 'login' });
        }
        throw err;
      }
    },

    async byId(id: string): Promise<User | null> {
      const d = await Users.findById(id).lean<UserDoc>();
      return d ? toUser(d) : null;
    },

    /** The user and their token versions, in one read by `_id`: what every authenticated request checks. */
    async authState(id: string): Promise<AuthState | null> {
      const d = await Users.findById(id).lean<UserDoc>();
      return d ? toAuthState(d) : null;
    },

    async byLogin(login: string): Promise<User | null> {
      const d = await findByLogin(login);
      return d ? toUser(d) : null;
    },

    signIn,

    /** The active user with this login and password, or null (wrong login and wrong password look the same). */
    async verifyCredentials(login: string, password: string): Promise<User | null> {
      return (await signIn(login, password))?.user ?? null;
    },

    /** Ends every staff-tools token of the user (their browser tools' staff session), across gateway replicas. */
    async revokeStaffSessions(id: string): Promise<void> {
      await Users.updateOne({ _id: id }, { $inc: { staffSessionVersion: 1 } });
    },

    /**
     * Changes a user. A change that would leave no active admin — deactivating or demoting the last
     * one — is refused with `last_admin` (409), so the system stays administrable: checked before the
     * write, and again after it, since two admins demoted at once each see the other still active;
     * should none be left then, the change is undone and refused.
     *
     * A new password, another role or executor, or deactivation revokes every token issued before:
     * the same write bumps `tokenVersion`, which each request compares with its token's, so the
     * revocation holds on every gateway replica at once (there is no cache to expire).
     */
    async update(id: string, changes: UserChanges): Promise<User | null> {
      const { password, executorId, ...rest } = changes;
      const removesAdmin = changes.active === false || (changes.role !== undefined && changes.role !== 'admin');
      const lastAdmin = (): DomainError => new DomainError('last_admin', 'this is the last active admin: make another user an admin first', { userId: id });
      const target = await Users.findById(id, { role: 1, active: 1, executorId: 1 }).lean<Pick<UserDoc, 'role' | 'active' | 'executorId'>>();
      if (!target) return null;
      if (removesAdmin && target.role === 'admin' && target.active && !(await Users.exists({ role: 'admin', active: true, _id: { $ne: id } }))) throw lastAdmin();
      const revokes =
        password !== undefined ||
        (changes.role !== undefined && changes.role !== target.role) ||
        (changes.active === false && target.active) ||
        (executorId !== undefined && (executorId ?? undefined) !== target.executorId);
      const $set: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(rest)) if (v !== undefined) $set[k] = v;
      if (typeof executorId === 'string') $set.executorId = executorId;
      if (password !== undefined) $set.passwordHash = await hashPassword(password);
      const update = { $set, ...(executorId === null ? { $unset: { executorId: '' } } : {}), ...(revokes ? { $inc: { tokenVersion: 1 } } : {}) };
      const before = await Users.findOneAndUpdate({ _id: id }, update, { returnDocument: 'before' }).lean<UserDoc>();
      if (!before) return null;
      if (removesAdmin && before.role === 'admin' && before.active && !(await Users.exists({ role: 'admin', active: true }))) {
        // An admin has no executor, so role and active are all the undo restores. The tokens stay
        // revoked: the admin signs in again, rather than a version moving back to one already issued.
        await Users.updateOne({ _id: id }, { $set: { role: 'admin', active: true }, $unset: { executorId: '' } });
        throw lastAdmin();
      }
      const d = await Users.findById(id).lean<UserDoc>();
      return d ? toUser(d) : null;
    },

    /**
     * Records that the user confirmed `phone` by SMS code, if it is still the phone on record. Read by
     * `_id`, the phone checked here: should the phone change between the read and the write, the
     * record still names the phone it confirms, and a confirmation counts only for the phone on record.
     */
    async markPhoneVerified(id: string, phone: string, at: Date): Promise<User | null> {
      const current = await Users.findById(id, { phone: 1 }).lean<Pick<UserDoc, 'phone'>>();
      if (current?.phone !== phone) return null;
      const d = await Users.findOneAndUpdate({ _id: id }, { $set: { phoneVerified: { phone, at } } }, { returnDocument: 'after' }).lean<UserDoc>();
      return d ? toUser(d) : null;
    },

    async list(f: UserListFilter): Promise<{ items: User[]; total: number }> {
      const q: Record<string, unknown> = {};
      if (f.role) q.role = f.role;
      if (f.executorId) q.executorId = f.executorId;
      const [docs, total] = await Promise.all([
        Users.find(q).sort({ login: 1 }).skip((f.page - 1) * f.pageSize).limit(f.pageSize).lean<UserDoc[]>(),
        Users.countDocuments(q),
      ]);
      return { items: docs.map(toUser), total };
    },

    /** Emails of the active users with a role: who must act on a memo (5.7). */
    async emailsOf(role: Role): Promise<string[]> {
      const docs = await Users.find({ role, active: true }).lean<UserDoc[]>();
      return docs.map((d) => d.email).filter((e): e is string => typeof e === 'string' && e.length > 0);
    },

    async anyActive(role: Role): Promise<boolean> {
      return (await Users.exists({ role, active: true })) !== null;
    },
  };
}

export type UsersRepository = ReturnType<typeof usersRepository>;
