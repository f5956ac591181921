import { expect } from 'chai';
import fc from 'fast-check';
import { formatRequestNumber, parseRequestNumber, requestNumberSchema } from '../../domain/numbering.ts';

describe('domain/numbering', () => {
  it('5.12 formats a request number as PREFIX-YEAR-SEQ with a six-digit sequence', () => {
    expect(formatRequestNumber('KR', 2026, 123)).to.equal('KR-2026-000123');
    expect(formatRequestNumber('KR', 2026, 1)).to.equal('KR-2026-000001');
  });

  it('5.12 lets the sequence grow past six digits instead of wrapping', () => {
    expect(formatRequestNumber('KR', 2026, 999_999)).to.equal('KR-2026-999999');
    expect(formatRequestNumber('KR', 2026, 1_000_000)).to.equal('KR-2026-1000000');
  });

  it('refuses a bad prefix, year or sequence', () => {
    expect(() => formatRequestNumber('kr', 2026, 1)).to.throw(RangeError, /prefix/);
    expect(() => formatRequestNumber('K-R', 2026, 1)).to.throw(RangeError, /prefix/);
    expect(() => formatRequestNumber('KR', 26, 1)).to.throw(RangeError, /year/);
    expect(() => formatRequestNumber('KR', 2026, 0)).to.throw(RangeError, /seq/);
    expect(() => formatRequestNumber('KR', 2026, 1.5)).to.throw(RangeError, /seq/);
  });

  it('parses a number back into its parts, tolerating case and surrounding spaces', () => {
    expect(parseRequestNumber('KR-2026-000123')).to.deep.equal({ prefix: 'KR', year: 2026, seq: 123 });
    expect(parseRequestNumber(' kr-2026-000123 ')).to.deep.equal({ prefix: 'KR', year: 2026, seq: 123 });
  });

  it('rejects what is not a canonical request number', () => {
    for (const input of ['', 'KR-2026-123', 'KR-2026-0000123', 'KR-2026-000000', 'KR-26-000123', 'KR2026000123', '-2026-000123', 'KR-2026-000123-1', 'KR-2026-99999999999999999999']) {
      expect(parseRequestNumber(input), input).to.equal(null);
    }
  });

  it('round-trips every number it formats', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Z][A-Z0-9]{0,7}$/),
        fc.integer({ min: 1000, max: 9999 }),
        fc.oneof(fc.integer({ min: 1, max: 1_000_100 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })),
        (prefix, year, seq) => {
          const number = formatRequestNumber(prefix, year, seq);
          expect(parseRequestNumber(number)).to.deep.equal({ prefix, year, seq });
          expect(requestNumberSchema.parse(number)).to.equal(number);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps formatted numbers of one year in sequence order when compared as strings up to 999999', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: 1, max: 999_999 }), (a, b) => {
        const [x, y] = [formatRequestNumber('KR', 2026, a), formatRequestNumber('KR', 2026, b)];
        expect(x < y).to.equal(a < b);
      }),
      { numRuns: 200 },
    );
  });

  describe('requestNumberSchema', () => {
    it('parses to the canonical form', () => {
      expect(requestNumberSchema.parse(' kr-2026-000123')).to.equal('KR-2026-000123');
    });

    it('says what a request number looks like when the input is not one', () => {
      const r = requestNumberSchema.safeParse('12345');
      expect(r.success).to.equal(false);
      if (!r.success) expect(r.error.issues[0]?.message).to.contain('KR-2026-000123');
    });
  });
});
