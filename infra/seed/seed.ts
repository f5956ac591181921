/**
 * Seeds a database for local runs: the districts, executors, the Classifier and the demo users.
 * Idempotent — districts, executors and categories are brought to the seed's values, users are
 * created only when their login is free (a changed password is kept). The working calendar needs no
 * seed: while none is stored, Kryvyi Rih's default (domain/calendar.ts DEFAULT_CALENDAR) applies.
 */
import type { Connection } from 'mongoose';
import { createClassifierRepository } from '../../data/classifier.repository.ts';
import { districtsRepository } from '../../data/districts.repository.ts';
import { executorsRepository } from '../../data/executors.repository.ts';
import { usersRepository } from '../../data/users.repository.ts';
import { CATEGORIES, DEMO_USERS, DEMO_VERIFIED_PHONES, DISTRICTS, EXECUTORS } from './data.ts';

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

export async function seed(mongo: Connection, opts: { users?: boolean } = {}): Promise<SeedResult> {
  const executors = executorsRepository(mongo);
  const classifier = createClassifierRepository(mongo);
  const users = usersRepository(mongo);
  await Promise.all([executors.init(), classifier.init(), users.init()]);
  await seedDistricts(mongo);
  for (const e of EXECUTORS) await executors.upsert(e);
  for (const c of CATEGORIES) await classifier.upsert(c);
  const usersCreated: string[] = [];
  if (opts.users !== false) {
    for (const u of DEMO_USERS) {
      if (await users.byLogin(u.login)) continue;
      try {
        const created = await users.create(u);
        if (u.phone && DEMO_VERIFIED_PHONES.includes(u.phone)) await users.markPhoneVerified(created.id, u.phone, new Date());
        usersCreated.push(u.login);
      } catch (err) {
        // Created meanwhile by a concurrent seed: that is the outcome wanted.
        if (!(await users.byLogin(u.login))) throw err;
      }
    }
  }
  return { districts: DISTRICTS.length, executors: EXECUTORS.length, categories: CATEGORIES.length, usersCreated };
}
