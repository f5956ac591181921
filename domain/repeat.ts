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
