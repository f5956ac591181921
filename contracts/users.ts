/**
 * People who use the system: their roles and the public shape of a user account. Shared by the
 * gateway (auth, RBAC), the intake service (who registered a request) and the seed.
 */
import { z } from 'zod';
import { phoneSchema } from '../domain/phone.ts';

/** Roles of DESIGN §4; `system` (an actor of automatic transitions) is not a role a person can have. */
export const ROLES = ['operator', 'executor', 'manager', 'ict', 'analyst', 'admin', 'applicant'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** Everyone but applicants: the Contact Center's and executors' staff. */
export const STAFF_ROLES = ['operator', 'executor', 'manager', 'ict', 'analyst', 'admin'] as const satisfies readonly Role[];

/** A user as the API shows it (never with the password hash). */
export const userSchema = z.object({
  id: z.string(),
  login: z.string(),
  role: roleSchema,
  name: z.string(),
  executorId: z.string().optional(),
  phone: z.string().optional(),
  /** When the applicant confirmed the phone on record with an SMS code; absent until then (or after the phone changes). */
  phoneVerifiedAt: z.string().optional(),
  email: z.string().optional(),
  active: z.boolean(),
});
export type User = z.infer<typeof userSchema>;

export const loginSchema = z.string().trim().min(3).max(64).regex(/^[\p{L}\p{N}._@+-]+$/u, 'letters, digits and . _ @ + - only');
export const passwordSchema = z.string().min(8, 'at least 8 characters').max(200);

/** What an admin sends to create a user (DESIGN §6 `POST /users`). */
export const newUserSchema = z
  .object({
    login: loginSchema,
    password: passwordSchema,
    role: roleSchema,
    name: z.string().trim().min(1).max(200),
    executorId: z.string().trim().min(1).optional(),
    phone: phoneSchema.optional(),
    email: z.string().trim().email().optional(),
  })
  .superRefine((u, ctx) => {
    // An executor user acts for one organisation (8.1.1); without it ownership cannot be checked.
    if (u.role === 'executor' && !u.executorId) ctx.addIssue({ code: 'custom', path: ['executorId'], message: 'an executor user needs an executorId' });
    if (u.role !== 'executor' && u.executorId) ctx.addIssue({ code: 'custom', path: ['executorId'], message: 'only executor users belong to an executor' });
  });
export type NewUser = z.infer<typeof newUserSchema>;
