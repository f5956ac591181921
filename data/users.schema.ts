/**
 * The `users` collection: staff accounts and applicants' cabinets (login, password hash, role), and
 * `user_logins`, which finds a user by login with a lookup by `_id` (see `UserLoginDoc`).
 */
import { Schema, type Connection, type Model } from 'mongoose';
import { ROLES, type Role } from '../contracts/users.ts';

export interface UserDoc {
  _id: string;
  login: string;
  passwordHash: string;
  role: Role;
  name: string;
  executorId?: string;
  phone?: string;
  /** The phone the applicant confirmed by SMS code, and when: it counts while it is still `phone`. */
  phoneVerified?: { phone: string; at: Date };
  email?: string;
  active: boolean;
  /**
   * Bumped by each change that must sign the user out (password, role, executor, deactivation):
   * every token names the version it was issued under and is refused once the user's has moved on.
   * Absent on users created before revocation existed, which counts as 0.
   */
  tokenVersion?: number;
  /** Bumped when the user closes their browser tools' staff session (`DELETE /staff-session`): it ends every staff-tools token. */
  staffSessionVersion?: number;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<UserDoc>(
  {
    _id: { type: String, required: true },
    login: { type: String, required: true },
    passwordHash: { type: String, required: true },
    role: { type: String, required: true, enum: ROLES },
    name: { type: String, required: true },
    executorId: String,
    phone: String,
    phoneVerified: new Schema({ phone: { type: String, required: true }, at: { type: Date, required: true } }, { _id: false }),
    email: String,
    active: { type: Boolean, default: true },
    tokenVersion: { type: Number, default: 0 },
    staffSessionVersion: { type: Number, default: 0 },
  },
  { collection: 'users', timestamps: true, versionKey: false },
);
schema.index({ login: 1 }, { unique: true });
// Whom to tell about a memo (managers, ICT) and who works for an executor.
schema.index({ role: 1, active: 1 });
schema.index({ executorId: 1 });

export function userModel(conn: Connection): Model<UserDoc> {
  return (conn.models.User as Model<UserDoc> | undefined) ?? conn.model<UserDoc>('User', schema);
}

/**
 * A login's key document: `_id` is the login, `userId` the user's id. Sign-in reads it by `_id` alone,
 * the one filter FerretDB on SQLite answers without reading every user (and users grow with every
 * resident who opens a cabinet). Written after the user, whose unique `login` index decides which of
 * two concurrent sign-ups gets the login. Logins are immutable, so the key document never changes.
 */
export interface UserLoginDoc {
  _id: string;
  /** Absent only on the marker that says every user has its key document (see the repository's init). */
  userId?: string;
}

const loginSchema = new Schema<UserLoginDoc>({ _id: { type: String, required: true }, userId: String }, { collection: 'user_logins', versionKey: false });

export function userLoginModel(conn: Connection): Model<UserLoginDoc> {
  return (conn.models.UserLogin as Model<UserLoginDoc> | undefined) ?? conn.model<UserLoginDoc>('UserLogin', loginSchema);
}
