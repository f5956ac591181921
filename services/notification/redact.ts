/**
 * What the notification service's logs may say about whom it wrote to: recipients masked (enough to
 * tell two apart when reading a log, not enough to contact anyone), and the free text of a failure
 * (an SMTP server's or an SMS provider's words, which may echo the address or the phone) with every
 * address and phone number in it masked the same way. The delivery log keeps the full recipient for
 * staff; the process logs, shipped and kept elsewhere, never do.
 */

const EMAIL = /([\p{L}\p{N}._%+-]+)@([\p{L}\p{N}.-]+\.[\p{L}]{2,})/gu;
/** A phone in any usual writing: an optional +, then 9 to 15 digits, possibly grouped by spaces, dots, dashes or brackets. */
const PHONE = /\+?\d[\d\s().-]{7,20}\d/g;

/** `olena@example.com` → `o***@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}

/** `+380671234567` → `+38067*****67`: the country and operator code and the last two digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 9) return '***';
  const head = phone.trim().startsWith('+') ? `+${digits.slice(0, 5)}` : digits.slice(0, 5);
  return `${head}${'*'.repeat(digits.length - 7)}${digits.slice(-2)}`;
}

/** A recipient of any channel (an email address or a phone), masked for a log. */
export function maskRecipient(to: string): string {
  return to.includes('@') ? maskEmail(to) : maskPhone(to);
}

/** Free text (an error) with every email address and phone number in it masked. */
export function redactContacts(text: string): string {
  return text.replace(EMAIL, (m) => maskEmail(m)).replace(PHONE, (m) => (m.replace(/\D/g, '').length >= 9 ? maskPhone(m) : m));
}

/**
 * An HTTP reason phrase fit for a log: printable ASCII only, digits runs of 4 or more dropped (a
 * code, a phone), at most 60 characters. A provider chooses its reason phrase, so it is not trusted.
 */
export function safeReason(reason: string): string {
  return reason
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/\d{4,}/g, '…')
    .replace(/[<>"'`\\{}]/g, '')
    .trim()
    .slice(0, 60);
}
