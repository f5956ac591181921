/**
 * The city's districts (`address.district`): city data rather than free text, so that a typo cannot
 * start a new "district" and split the lists and reports by district. Intake accepts only an active one.
 */
import { upsertRetryingRace } from './mongo-errors.ts';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { districtModel, type DistrictDoc } from './districts.schema.ts';

/** Same bound as the request's `address.district` (contracts/request.ts). */
export const districtNameSchema = z.string().trim().min(1).max(64);

export const districtSchema = z.object({
  name: districtNameSchema,
  active: z.boolean().default(true),
});
export type District = z.output<typeof districtSchema>;

export interface DistrictsRepository {
  init(): Promise<void>;
  /** Districts ordered by name; inactive ones only when asked for. */
  list(opts?: { includeInactive?: boolean }): Promise<District[]>;
  /** A district by its exact name, or null. */
  get(name: string): Promise<District | null>;
  /** Validates (districtSchema; throws its ZodError) and creates or replaces a district. */
  upsert(district: unknown): Promise<{ district: District; created: boolean }>;
}

const toDistrict = (d: DistrictDoc): District => ({ name: d.name, active: d.active });

export function districtsRepository(conn: Connection): DistrictsRepository {
  const Districts = districtModel(conn);
  return {
    async init() {
      await Districts.init();
    },
    async list({ includeInactive = false } = {}) {
      const docs = await Districts.find(includeInactive ? {} : { active: true }).lean<DistrictDoc[]>();
      // Sorted here rather than by the database: Ukrainian alphabetical order, not code-point order (І, Є, Ї).
      return docs.map(toDistrict).sort((a, b) => a.name.localeCompare(b.name, 'uk'));
    },
    async get(name) {
      const doc = await Districts.findById(name.trim()).lean<DistrictDoc>();
      return doc ? toDistrict(doc) : null;
    },
    async upsert(input) {
      const district = districtSchema.parse(input);
      const write = () => Districts.updateOne({ _id: district.name }, { $set: { ...district, updatedAt: new Date() } }, { upsert: true });
      const res = await upsertRetryingRace(write);
      return { district, created: res.upsertedCount > 0 };
    },
  };
}
