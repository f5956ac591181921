/**
 * Ukrainian phone numbers as residents and operators type them, normalised to E.164 so that one
 * number is one string everywhere (lookups, blocking a number under 5.7, SMS).
 */
import { z } from 'zod';

const EXPECTED = 'expected a Ukrainian phone number: +380XXXXXXXXX, 380XXXXXXXXX or 0XXXXXXXXX (spaces, dashes and brackets allowed)';

/** Normalises a Ukrainian number to `+380XXXXXXXXX`, or returns null when it is not one. */
export function normalizeUaPhone(input: string): string | null {
  // Long strings are never phone numbers; the bound also keeps the regexes cheap on hostile input.
  if (input.length > 32) return null;
  const trimmed = input.trim();
  // Only separators people actually type; a letter or a second '+' means it is not a number.
  if (!/^\+?[\d\s().-]+$/.test(trimmed)) return null;
  const plus = trimmed.startsWith('+');
  const digits = trimmed.replace(/\D/g, '');
  let national: string | undefined;
  if (digits.length === 12 && digits.startsWith('380')) national = digits.slice(3);
  else if (!plus && digits.length === 10 && digits.startsWith('0')) national = digits.slice(1);
  // A national number starting with 0 would be a doubled trunk prefix, not a real number.
  if (national === undefined || national.startsWith('0')) return null;
  return `+380${national}`;
}

/** A Ukrainian phone number; parses to E.164 `+380XXXXXXXXX`. */
export const phoneSchema = z.string().transform((input, ctx) => {
  const phone = normalizeUaPhone(input);
  if (phone === null) {
    ctx.addIssue({ code: 'custom', message: EXPECTED, input });
    return z.NEVER;
  }
  return phone;
});
