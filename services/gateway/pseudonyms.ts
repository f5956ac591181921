/**
 * Pseudonymous applicant ids for the staff who read figures, not people (analysts): the same resident
 * gets the same id on every request and consultation, so repeat callers can be counted, and the id
 * cannot be turned back into a phone number without the key. A plain hash would not do: Ukrainian
 * mobile numbers are about 10^9, which anyone can hash through in minutes.
 *
 * The key is derived from the gateway's JWT key (HKDF, its own label), so every replica gives the
 * same ids and there is no further secret to deploy; a new JWT key gives new ids.
 */
import { createHmac, hkdfSync } from 'node:crypto';

/** The pseudonym of a resident known by phone (E.164): `A-` and 12 characters of base32. */
export type Pseudonymizer = (phone: string) => string;

const ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ0123456789';

export function pseudonymizer(secret: string): Pseudonymizer {
  const key = Buffer.from(hkdfSync('sha256', secret, 'contact-center', 'applicant-pseudonym', 32));
  return (phone) => {
    const mac = createHmac('sha256', key).update(phone).digest();
    let out = '';
    for (let i = 0; i < 12; i++) out += ALPHABET[mac[i]! % 32];
    return `A-${out}`;
  };
}
