/**
 * Seeds a database for local runs: the districts, executors, the Classifier and the demo users.
 * Idempotent — districts, executors and categories are brought to the seed's values, users are
 * created only when their login is free (a changed password is kept). The working calendar needs no
 * seed: while none is stored, Kryvyi Rih's default (domain/calendar.ts DEFAULT_CALENDAR) applies.
 */
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { ConfigError, env, parseEnv } from '../../platform/config.ts';
import { createClassifierRepository } from '../../data/classifier.repository.ts';
import { districtsRepository } from '../../data/districts.repository.ts';
import { executorsRepository } from '../../data/executors.repository.ts';
import { usersRepository } from '../../data/users.repository.ts';
import { CATEGORIES, DEMO_USERS, DISTRICTS, EXECUTORS } from './data.ts';

export interface SeedResult {
  districts: number;
  executors: number;
  categories: number;
  usersCreated: string[];
}

/** The city's districts (the 7 of Kryvyi Rih), active. */
export async function seedDistricts(mongo: Connection): Promise<number> {
  const districts = districtsRepository(mongo);
  await districts.init();
  for (const name of DISTRICTS) await districts.upsert({ name, active: true });
  return DISTRICTS.length;
}

/**
 * Whether the demo users may be seeded: their passwords are published (docs/api.md), so in
 * production only when SEED_DEMO_USERS=true says so on purpose (a demonstration system); a real
 * deployment's first admin comes from ADMIN_LOGIN/ADMIN_PASSWORD. Refuses, naming the variable,
 * rather than quietly skipping them, so nobody believes a production seed brought users.
 */
export const seedEnv = z.object({
  NODE_ENV: env.NODE_ENV,
  SEED_DEMO_USERS: z.enum(['true', 'false']).optional(),
});

export function demoUsersAllowed(source: NodeJS.ProcessEnv = process.env): boolean {
  const c = parseEnv(seedEnv, source);
  if (c.SEED_DEMO_USERS === 'false') return false;
  if (c.NODE_ENV === 'production' && c.SEED_DEMO_USERS !== 'true') {
    throw new ConfigError([
      'SEED_DEMO_USERS: the demo users have known passwords and are not seeded in production: set SEED_DEMO_USERS=false to seed the reference data alone (the admin comes from ADMIN_LOGIN/ADMIN_PASSWORD), or true for a demonstration system',
    ]);
  }
  return true;
}

export async function seed(mongo: Connection, opts: { users?: boolean } = {}): Promise<SeedResult> {
  // Checked before anything is written, whoever calls: an explicit users: true is no permission in production.
  const withUsers = opts.users !== false && demoUsersAllowed();
  const executors = executorsRepository(mongo);
  const classifier = createClassifierRepository(mongo);
  const users = usersRepository(mongo);
  await Promise.all([executors.init(), classifier.init(), users.init()]);
  await seedDistricts(mongo);
  for (const e of EXECUTORS) await executors.upsert(e);
  for (const c of CATEGORIES) await classifier.upsert(c);
  const usersCreated: string[] = [];
  if (withUsers) {
    for (const u of DEMO_USERS) {
      if (await users.byLogin(u.login)) continue;
      try {
        const created = await users.create(u);
        // The demo applicant's phone counts as confirmed, so the cabinet can submit requests at once.
        if (created.role === 'applicant' && created.phone) await users.markPhoneVerified(created.id, created.phone, new Date());
        usersCreated.push(u.login);
      } catch (err) {
        // Created meanwhile by a concurrent seed: that is the outcome wanted.
        if (!(await users.byLogin(u.login))) throw err;
      }
    }
  }
  return { districts: DISTRICTS.length, executors: EXECUTORS.length, categories: CATEGORIES.length, usersCreated };
}
