/** The `users` collection: staff accounts and applicants' cabinets (login, password hash, role). */
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
