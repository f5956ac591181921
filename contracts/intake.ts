/**
 * The intake command (subject SUBJECTS.intakeRegister, NATS request/reply): the gateway sends what
 * an operator or an applicant submitted, already authenticated and normalised; intake validates it
 * again, numbers it, starts the workflow and replies. Field names are a wire contract between
 * deployed gateways and intake services — add fields, do not rename them.
 */
import { z } from 'zod';
import { actorSchema } from './actor.ts';
import { addressSchema, applicantSchema, repairWorkLinkSchema, startRequestSchema, statusSchema } from './request.ts';

/** The request as submitted (DESIGN §6 `POST /requests`), with the applicant's phone in E.164. */
export const registrationSchema = z.object({
  channel: z.enum(['phone', 'web']),
  applicant: applicantSchema,
  address: addressSchema,
  categoryCode: z.string().trim().min(1).max(32),
  description: startRequestSchema.shape.description,
  attachmentIds: z.array(z.string().min(1).max(64)).max(20).default([]),
});
export type Registration = z.infer<typeof registrationSchema>;

export const registerCommandSchema = z.object({
  actor: actorSchema,
  /** The client's `Idempotency-Key`: a retry with the same key gets the same request, never a second one. */
  idempotencyKey: z.string().trim().min(1).max(200).optional(),
  registration: registrationSchema,
  correlationId: z.string().optional(),
});
export type RegisterCommand = z.infer<typeof registerCommandSchema>;

/** DESIGN §4: `201 {number, status, executorId, deadlineAt}`, plus the repeat link of 9.2.3. */
export const registeredSchema = z.object({
  number: z.string(),
  status: statusSchema,
  executorId: z.string(),
  deadlineAt: z.string().nullable(),
  registeredAt: z.string(),
  repeatOf: z.string().optional(),
  repeatCount: z.number().int().nonnegative(),
  /** 8.1.6: the known outage the call is about, so the operator can tell the caller when it should end. */
  repairWork: repairWorkLinkSchema.optional(),
});
export type Registered = z.infer<typeof registeredSchema>;

/** A refusal, with the HTTP status the gateway answers with (403 phone_blocked, 422 unknown_category…). */
export const intakeErrorSchema = z.object({
  status: z.number().int().min(400).max(599),
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type IntakeError = z.infer<typeof intakeErrorSchema>;

export const registerReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), replayed: z.boolean(), request: registeredSchema }),
  z.object({ ok: z.literal(false), error: intakeErrorSchema }),
]);
export type RegisterReply = z.infer<typeof registerReplySchema>;
