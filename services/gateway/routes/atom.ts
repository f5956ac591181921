/** A minimal Atom 1.0 (RFC 4287) writer: every text is escaped, so titles and descriptions cannot break the XML. */

export interface AtomEntry {
  id: string;
  title: string;
  updated: string;
  published?: string;
  content: string;
  link?: string;
  category?: string;
}

/** Escapes text for XML content and attribute values; drops characters XML 1.0 does not allow. */
export function xmlEscape(s: string): string {
  // Control characters other than tab, newline and carriage return are not allowed in XML 1.0.
  const allowed = [...s].filter((ch) => {
    const c = ch.codePointAt(0) ?? 0;
    return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c !== 0xfffe && c !== 0xffff && !(c >= 0xd800 && c <= 0xdfff));
  });
  return allowed
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const utc = (iso: string): string => new Date(iso).toISOString();

export function atomFeed(feed: { id: string; title: string; self: string; entries: AtomEntry[] }): string {
  const entries = [...feed.entries].sort((a, b) => utc(b.updated).localeCompare(utc(a.updated)));
  const updated = entries[0]?.updated ? utc(entries[0].updated) : new Date(0).toISOString();
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xmlEscape(feed.id)}</id>`,
    `  <title>${xmlEscape(feed.title)}</title>`,
    `  <updated>${updated}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlEscape(feed.self)}"/>`,
    '  <author><name>Контакт-центр</name></author>',
    ...entries.flatMap((e) => [
      '  <entry>',
      `    <id>${xmlEscape(e.id)}</id>`,
      `    <title>${xmlEscape(e.title)}</title>`,
      `    <updated>${utc(e.updated)}</updated>`,
      ...(e.published ? [`    <published>${utc(e.published)}</published>`] : []),
      ...(e.link ? [`    <link rel="alternate" href="${xmlEscape(e.link)}"/>`] : []),
      ...(e.category ? [`    <category term="${xmlEscape(e.category)}"/>`] : []),
      `    <content type="text">${xmlEscape(e.content)}</content>`,
      '  </entry>',
    ]),
    '</feed>',
    '',
  ];
  return lines.join('\n');
}
