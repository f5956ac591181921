/**
 * Request numbers (5.12): `<PREFIX>-<YEAR>-<SEQ>`, e.g. `KR-2026-000123`. The sequence is padded to
 * six digits so numbers sort and read evenly, and simply grows longer past 999999 rather than wrap.
 * Issuing the sequence atomically is the store's job; this module only gives the number its shape.
 */
import { z } from 'zod';

const PREFIX = /^[A-Z][A-Z0-9]{0,7}$/;
const NUMBER = /^([A-Z][A-Z0-9]{0,7})-(\d{4})-(\d{6,})$/;

/** The parts of a request number. */
export interface RequestNumberParts {
  prefix: string;
  year: number;
  seq: number;
}

/** Formats a request number, e.g. `formatRequestNumber('KR', 2026, 123)` → `KR-2026-000123`. */
export function formatRequestNumber(prefix: string, year: number, seq: number): string {
  if (!PREFIX.test(prefix)) throw new RangeError(`prefix must be 1–8 capital letters or digits starting with a letter, got '${prefix}'`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year must be a four-digit integer, got ${year}`);
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`seq must be a positive integer, got ${seq}`);
  return `${prefix}-${year}-${String(seq).padStart(6, '0')}`;
}

/** Parses a request number (surrounding spaces and letter case tolerated); null unless it is one. */
export function parseRequestNumber(input: string): RequestNumberParts | null {
  const m = NUMBER.exec(input.trim().toUpperCase());
  if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined) return null;
  const parts = { prefix: m[1], year: Number(m[2]), seq: Number(m[3]) };
  // Only the canonical form is a number: no extra leading zeros (KR-2026-0000123), no seq 0, no overflow.
  if (!Number.isSafeInteger(parts.seq) || parts.seq < 1) return null;
  if (String(parts.seq).padStart(6, '0') !== m[3] || parts.year < 1000) return null;
  return parts;
}

/** A request number; parses to its canonical form (upper case, trimmed). */
export const requestNumberSchema = z.string().transform((input, ctx) => {
  const parts = parseRequestNumber(input);
  if (parts === null) {
    ctx.addIssue({ code: 'custom', message: 'expected a request number like KR-2026-000123', input });
    return z.NEVER;
  }
  return formatRequestNumber(parts.prefix, parts.year, parts.seq);
});
