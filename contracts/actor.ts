/** Who acts: on a request, a memo, a repair work or a consultation, as recorded in histories and events. */
import { z } from 'zod';

export const actorSchema = z.object({
  id: z.string().min(1),
  role: z.enum(['operator', 'executor', 'manager', 'ict', 'analyst', 'admin', 'applicant', 'system']),
  name: z.string().optional(),
  /** For an executor's staff: the executor organisation they act for (ownership checks, audit). */
  executorId: z.string().optional(),
  /** For an applicant who confirmed their phone by SMS code: it makes the phone calls under it theirs too. */
  verifiedPhone: z.string().optional(),
});
export type Actor = z.infer<typeof actorSchema>;

export const SYSTEM_ACTOR: Actor = { id: 'system', role: 'system', name: 'Contact Center' };
