/**
 * `node --import tsx infra/seed/main.ts`: seeds the database at MONGO_URL (see docs/api.md). In
 * production SEED_DEMO_USERS must say whether the demo users come too (infra/seed/seed.ts).
 */
import { z } from 'zod';
import { env, parseEnv } from '../../platform/config.ts';
import { connectMongo } from '../../platform/mongo.ts';
import { demoUsersAllowed, seed } from './seed.ts';

const { MONGO_URL } = parseEnv(z.object({ MONGO_URL: env.MONGO_URL }));
// Before connecting: a refused production seed changes nothing.
const users = demoUsersAllowed();
const mongo = await connectMongo(MONGO_URL);
try {
  const r = await seed(mongo, { users });
  process.stdout.write(`seeded ${r.districts} districts, ${r.executors} executors, ${r.categories} categories; new users: ${r.usersCreated.join(', ') || 'none'}\n`);
} finally {
  await mongo.close();
}
