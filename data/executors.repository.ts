/** Executors (8.1.1): who requests are routed to, with the responsible person for the Contact Center. */
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { DomainError } from '../domain/errors.ts';
import { phoneSchema } from '../domain/phone.ts';
import { executorModel, type ExecutorDoc } from './executors.schema.ts';
import { isDuplicateKey } from './mongo-errors.ts';

const personSchema = z.object({
  name: z.string().trim().min(1).max(200),
  phone: phoneSchema,
  email: z.string().trim().email(),
});

/** DESIGN §6 `POST /executors`. */
export const executorInputSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{1,47}$/, 'expected 2–48 lower-case letters, digits, _ or -'),
  name: z.string().trim().min(1).max(300),
  email: z.string().trim().email(),
  phone: phoneSchema.optional(),
  responsiblePerson: personSchema,
  active: z.boolean().default(true),
});
export type ExecutorInput = z.infer<typeof executorInputSchema>;

/** `PUT /executors/{id}`: any field but the id. */
export const executorChangesSchema = executorInputSchema.omit({ id: true }).partial();
export type ExecutorChanges = z.infer<typeof executorChangesSchema>;

export const executorSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.string().optional(),
  responsiblePerson: z.object({ name: z.string(), phone: z.string(), email: z.string() }),
  active: z.boolean(),
});
export type Executor = z.infer<typeof executorSchema>;

const toExecutor = (d: ExecutorDoc): Executor => ({
  id: d._id,
  name: d.name,
  email: d.email,
  ...(d.phone ? { phone: d.phone } : {}),
  responsiblePerson: { name: d.responsiblePerson.name, phone: d.responsiblePerson.phone, email: d.responsiblePerson.email },
  active: d.active,
});

export function executorsRepository(conn: Connection) {
  const Executors = executorModel(conn);
  return {
    async init(): Promise<void> {
      await Executors.init();
    },

    /** `executor_exists` (409) when the id is taken. */
    async create(input: ExecutorInput): Promise<Executor> {
      const { id, ...rest } = input;
      try {
        const doc = await Executors.create({ _id: id, ...rest });
        return toExecutor(doc.toObject());
      } catch (err) {
        if (isDuplicateKey(err)) throw new DomainError('executor_exists', `an executor with id '${id}' exists`, { field: 'id' });
        throw err;
      }
    },

    /** Creates or replaces (the seed's way in: running it twice changes nothing). */
    async upsert(input: ExecutorInput): Promise<Executor> {
      const { id, ...rest } = input;
      for (let attempt = 0; ; attempt++) {
        try {
          const d = await Executors.findOneAndUpdate({ _id: id }, { $set: rest }, { upsert: true, returnDocument: 'after' }).lean<ExecutorDoc>();
          return toExecutor(d);
        } catch (err) {
          // Two upserts of one new document can collide (FerretDB); the second then finds it.
          if (!isDuplicateKey(err) || attempt >= 3) throw err;
        }
      }
    },

    async update(id: string, changes: ExecutorChanges): Promise<Executor | null> {
      const $set: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(changes)) if (v !== undefined) $set[k] = v;
      const d = await Executors.findOneAndUpdate({ _id: id }, { $set }, { returnDocument: 'after' }).lean<ExecutorDoc>();
      return d ? toExecutor(d) : null;
    },

    async byId(id: string): Promise<Executor | null> {
      const d = await Executors.findById(id).lean<ExecutorDoc>();
      return d ? toExecutor(d) : null;
    },

    async list(): Promise<Executor[]> {
      const docs = await Executors.find({}).sort({ name: 1 }).lean<ExecutorDoc[]>();
      return docs.map(toExecutor);
    },
  };
}

export type ExecutorsRepository = ReturnType<typeof executorsRepository>;
