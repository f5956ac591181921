/**
 * The Classifier (5.12): request categories, each naming its executor and its terms. Pure data and a
 * lookup, shared by the intake service (validation) and the request workflow (routing, deadlines).
 */
import { z } from 'zod';
import { termSchema, type Term } from './calendar.ts';
import { DomainError } from './errors.ts';

/** One Classifier category. */
export const categorySchema = z.object({
  // Codes are case-insensitive (lookups ignore case), so one spelling is kept and answered: upper case,
  // the pattern the OpenAPI document gives (a regex flag such as /i is lost in JSON Schema).
  code: z.string().toUpperCase().regex(/^[A-Z0-9_.-]{2,32}$/, { error: 'expected 2–32 letters, digits or _ . -' }),
  name: z.string().trim().min(1, { error: 'a category needs a name' }),
  executorId: z.string().trim().min(1, { error: 'a category needs an executor' }),
  term: termSchema,
  reworkTerm: termSchema,
  active: z.boolean().default(true),
});

/** A validated Classifier category. */
export type Category = z.infer<typeof categorySchema>;

/** The whole Classifier; codes are unique regardless of case because lookups ignore case. */
export const classifierSchema = z.array(categorySchema).superRefine((categories, ctx) => {
  const seen = new Map<string, number>();
  categories.forEach((c, i) => {
    const key = c.code.toUpperCase();
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else ctx.addIssue({ code: 'custom', message: `code ${c.code} repeats category #${first}`, path: [i, 'code'] });
  });
});

/** Where a request goes and how long the executor has, as routing decides at registration. */
export interface Route {
  executorId: string;
  term: Term;
  reworkTerm: Term;
}

/** Routes a request by category code (case-insensitive); throws `DomainError` unknown_category / inactive_category. */
export function routeRequest(categories: readonly Category[], code: string): Route {
  const key = code.toUpperCase();
  const category = categories.find((c) => c.code.toUpperCase() === key);
  if (!category) {
    throw new DomainError('unknown_category', `no Classifier category with code '${code}'`, { code });
  }
  if (!category.active) {
    throw new DomainError('inactive_category', `Classifier category '${category.code}' (${category.name}) is no longer in use`, {
      code: category.code,
    });
  }
  // Copies, so a route stored in workflow state cannot be changed later through the Classifier's objects.
  return { executorId: category.executorId, term: { ...category.term }, reworkTerm: { ...category.reworkTerm } };
}
