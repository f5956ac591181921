/**
 * 9.2.3: a request is a repeat of another of the same Classifier category at the same address. The
 * address is compared as people type it: letter case and runs of spaces do not matter. The key is
 * what the read model stores and indexes, so finding the earlier requests is one equality look-up.
 */
import type { Address } from '../contracts/request.ts';

const norm = (s: string): string => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('uk-UA');

/** The same category at the same district, street and building (the apartment does not matter). */
export function repeatKey(categoryCode: string, address: Pick<Address, 'district' | 'street' | 'building'>): string {
  return [categoryCode.trim().toUpperCase(), norm(address.district), norm(address.street), norm(address.building)].join('|');
}

/** What the repeat look-up reads of each earlier request of the chain (same repeat key, open or recently closed). */
export type ChainMember = { number: string; status: string; registeredAt: string; closedAt?: string | undefined; repeatCount: number };

/**
 * 9.2.3: which earlier request a new one repeats, and the how-manieth repeat it is. The chain is every
 * earlier request under the same repeat key (still open, or closed within the repeat window). The new
 * repeat is linked to the request that is on control for the problem: the oldest one still open, which
 * learns of it (its `repeatedBy` counts the chain's repeats while it stays open); a later repeat is linked
 * to a closed request only when the whole chain is closed, and then to the one closed last, whose closure
 * the repeat contradicts (the repeat itself then carries the control until its applicant confirms).
 */
export function repeatLink(earlier: readonly ChainMember[]): { repeatOf?: string; repeatCount: number } {
  if (earlier.length === 0) return { repeatCount: 0 };
  const byRegistration = [...earlier].sort((a, b) => cmp(a.registeredAt, b.registeredAt) || cmp(a.number, b.number));
  const open = byRegistration.find((c) => c.status !== 'closed');
  const target = open ?? byRegistration.reduce((last, c) => (cmp(c.closedAt ?? '', last.closedAt ?? '') >= 0 ? c : last));
  return { repeatOf: target.number, repeatCount: Math.max(...earlier.map((c) => c.repeatCount)) + 1 };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
