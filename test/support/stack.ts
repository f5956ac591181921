/**
 * The real stack the test runner (`npm test` → infra/cli.ts test) started for this run, read from
 * the environment it passed to mocha. Running mocha by hand needs the same variables.
 */
import { z } from 'zod';
import { env, parseEnv } from '../../platform/config.ts';
import { createLogger } from '../../platform/logger.ts';
import { dataConverterFor, payloadKeysSchema } from '../../platform/payload-codec.ts';
import { installSdkLogger } from '../../platform/sdk-logger.ts';

const testStackEnv = z.object({
  TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
  MONGO_URL: env.MONGO_URL,
  NATS_URL: env.NATS_URL,
  SMTP_URL: env.SMTP_URL,
  MAILBOX_URL: z.string().url(),
  TEMPORAL_TEST_SERVER_PATH: z.string().min(1),
  TEMPORAL_CLI_PATH: z.string().min(1),
  /** The payload codec's keys for this run (the test runner makes them): tests encrypt as production does. */
  TEMPORAL_PAYLOAD_KEYS: payloadKeysSchema,
});

export type TestStack = z.infer<typeof testStackEnv>;

let cached: TestStack | undefined;
export function testStack(): TestStack {
  cached ??= parseEnv(testStackEnv);
  return cached;
}

/** The data converter of every Temporal client and worker a test creates: the payload codec with this run's key. */
export function testDataConverter(): NonNullable<ReturnType<typeof dataConverterFor>> {
  return dataConverterFor(testStack().TEMPORAL_PAYLOAD_KEYS)!;
}

/** A logger that stays quiet unless TEST_LOG_LEVEL asks for more. */
export const testLogger = createLogger({ service: 'test', level: process.env.TEST_LOG_LEVEL ?? 'error' });
// Synchronous without SDK metrics: the runtime is installed before any worker is made.
void installSdkLogger(testLogger);

/** A MongoDB URL for a database of the test's own, so tests never see each other's data. */
export function mongoUrlFor(db: string): string {
  const url = new URL(testStack().MONGO_URL);
  url.pathname = `/${db}_${process.pid}_${Date.now().toString(36)}`;
  return url.toString();
}

/** Polls until `fn` returns a value that is not undefined: for effects that arrive asynchronously. */
export async function eventually<T>(fn: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastErr instanceof Error ? `: ${lastErr.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
