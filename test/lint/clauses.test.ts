/**
 * Every clause of the Regulation has a test named by its id (CONVENTIONS: Tests). The clause list is
 * docs/regulation.md, the repository's map of the Regulation (clause → code → test): the first column
 * of its clause table, with the sub-clauses a row names in brackets (`9.1.3 (9.1.3.1–9.1.3.3)` names
 * 9.1.3, 9.1.3.1, 9.1.3.2 and 9.1.3.3). A clause is covered when some mocha `it` or `describe` title
 * in test/ starts with its id (a title may start with several: `9.1.1 10.4 …`). Read as text: no test
 * file is loaded.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const testDir = path.join(root, 'test');
const ID = String.raw`\d+(?:\.\d+)+`;

/** `9.1.3.1–9.1.3.3` → the three; `8.1.6.1, 8.1.6.2` → the two; anything else (`repeat chain`) → nothing. */
function idsIn(bracket: string): string[] {
  return bracket.split(/[,;]/).flatMap((part) => {
    const range = new RegExp(String.raw`^\s*(${ID})\s*[–-]\s*(${ID})\s*$`).exec(part);
    if (range) {
      const [from, to] = [range[1]!.split('.'), range[2]!.split('.')];
      const prefix = from.slice(0, -1).join('.');
      if (prefix !== to.slice(0, -1).join('.')) return [range[1]!, range[2]!];
      const out: string[] = [];
      for (let n = Number(from.at(-1)); n <= Number(to.at(-1)); n += 1) out.push(`${prefix}.${n}`);
      return out;
    }
    const one = new RegExp(String.raw`^\s*(${ID})\s*$`).exec(part);
    return one ? [one[1]!] : [];
  });
}

/** The clause ids docs/regulation.md lists: its clause table (the first table, `| clause | …`). */
export function clauseIds(markdown: string): string[] {
  const lines = markdown.split('\n');
  const header = lines.findIndex((l) => /^\|\s*clause\s*\|/.test(l));
  if (header < 0) return [];
  const ids = new Set<string>();
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const first = line.split('|')[1]?.trim() ?? '';
    const m = new RegExp(String.raw`^(${ID})(?:\s*\((.*)\))?`).exec(first);
    if (!m) continue;
    ids.add(m[1]!);
    for (const id of idsIn(m[2] ?? '')) ids.add(id);
  }
  return [...ids];
}

/** The ids each mocha title in `source` starts with (skipped tests prove nothing and are left out). */
export function titleIds(source: string): string[] {
  const title = new RegExp(String.raw`\b(?:it|describe)(?:\.only)?\(\s*(['"\`])((?:${ID}[\s,]+)+)`, 'g');
  return [...source.matchAll(title)].flatMap((m) => m[2]!.split(/[\s,]+/).filter(Boolean));
}

function testSources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return testSources(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe('every clause of the Regulation has a test named by its id', () => {
  it('reads the clause ids of docs/regulation.md, with the sub-clauses a row names in brackets', () => {
    const table = ['| clause | what | code | tests |', '|---|---|---|---|', '| 5.7 | x | y | z |', '| 8.1.6 (8.1.6.1, 8.1.6.2) | x | y | z |', '| 9.1.3 (9.1.3.1–9.1.3.3) | x |', '| 9.2.3 (repeat chain) | x |', '', '| behaviour | code | tests |', '|---|---|---|', '| 1.1 nope | x | y |'].join('\n');
    expect(clauseIds(table)).to.deep.equal(['5.7', '8.1.6', '8.1.6.1', '8.1.6.2', '9.1.3', '9.1.3.1', '9.1.3.2', '9.1.3.3', '9.2.3']);
    const ids = clauseIds(fs.readFileSync(path.join(root, 'docs', 'regulation.md'), 'utf8'));
    expect(ids).to.include.members(['2.8', '5.7', '9.1.3', '9.1.3.2', '10.4']);
  });

  it('takes the ids a test title starts with, in single, double or back quotes, several at once, and no others', () => {
    const source = [
      "it('9.2.4 refuses a review', () => {});",
      'it("5.7 blocks", () => {});',
      'it(`8.1.2 reminds`, () => {});',
      "describe('9.1.1 10.4 daily reports', () => {});",
      "it.only(\n  '2.8 publishes', () => {});",
      "it.skip('7.5 not yet', () => {});",
      "it('names 9.9.9 in the middle', () => {});",
      "expect(x).to.equal('3.3 not a title');",
    ].join('\n');
    expect(titleIds(source)).to.deep.equal(['9.2.4', '5.7', '8.1.2', '9.1.1', '10.4', '2.8']);
  });

  it('finds a test titled by each clause id of docs/regulation.md', () => {
    const ids = clauseIds(fs.readFileSync(path.join(root, 'docs', 'regulation.md'), 'utf8'));
    expect(ids, 'the clause table of docs/regulation.md').to.have.length.at.least(20);
    const self = fileURLToPath(import.meta.url);
    const titled = new Set(testSources(testDir).filter((f) => f !== self).flatMap((f) => titleIds(fs.readFileSync(f, 'utf8'))));
    const untested = ids.filter((id) => !titled.has(id));
    expect(untested, `clauses of docs/regulation.md with no test titled by their id: ${untested.join(', ')}`).to.deep.equal([]);
  });
});
