/**
 * The Classifier (5.12, 8.1.1 admin endpoints): categories with their executor and terms. Intake
 * routes with it at registration; the route is then frozen into the request's workflow.
 */
import { upsertRetryingRace } from './mongo-errors.ts';
import type { Connection } from 'mongoose';
import { categorySchema, type Category } from '../domain/classifier.ts';
import { categoryModel, type CategoryDoc } from './classifier.schema.ts';

export interface ClassifierRepository {
  init(): Promise<void>;
  /** Categories ordered by code; inactive ones only when asked for. */
  list(opts?: { includeInactive?: boolean }): Promise<Category[]>;
  /** A category by code, case-insensitively, or null. */
  get(code: string): Promise<Category | null>;
  /** Validates (categorySchema; throws its ZodError) and creates or replaces a category. */
  upsert(category: unknown): Promise<{ category: Category; created: boolean }>;
}

const toCategory = ({ _id, updatedAt: _u, ...c }: CategoryDoc): Category => categorySchema.parse(c);

export function createClassifierRepository(conn: Connection): ClassifierRepository {
  const Categories = categoryModel(conn);
  return {
    async init() {
      await Categories.init();
    },
    async list({ includeInactive = false } = {}) {
      const docs = await Categories.find(includeInactive ? {} : { active: true }).sort({ _id: 1 }).lean<CategoryDoc[]>();
      return docs.map(toCategory);
    },
    async get(code) {
      const doc = await Categories.findById(code.toUpperCase()).lean<CategoryDoc>();
      return doc ? toCategory(doc) : null;
    },
    async upsert(input) {
      const category = categorySchema.parse(input);
      const write = () =>
        Categories.updateOne({ _id: category.code.toUpperCase() }, { $set: { ...category, updatedAt: new Date() } }, { upsert: true });
      const res = await upsertRetryingRace(write);
      return { category, created: res.upsertedCount > 0 };
    },
  };
}
