import { expect } from 'chai';
import fc from 'fast-check';
import { normalizeUaPhone, phoneSchema } from '../../domain/phone.ts';

describe('domain/phone', () => {
  describe('normalizeUaPhone', () => {
    it('normalises the ways Ukrainian numbers are written to E.164', () => {
      for (const input of ['0671234567', '380671234567', '+380671234567', '+38 (067) 123-45-67', '067-123-45-67', ' 067 123 45 67 ', '(067) 123.45.67']) {
        expect(normalizeUaPhone(input), input).to.equal('+380671234567');
      }
    });

    it("normalises Kryvyi Rih's landline numbers too", () => {
      expect(normalizeUaPhone('(056) 409-00-00')).to.equal('+380564090000');
    });

    it('rejects what is not a Ukrainian number', () => {
      for (const input of [
        '',
        '1520',
        '067123456', // too short
        '06712345678', // too long
        '671234567', // no trunk prefix
        '+0671234567', // '+' with a national number
        '+48671234567', // Poland
        '+380 0671234567', // trunk prefix after the country code
        '00380671234567',
        '067-123-45-6x',
        '+38+0671234567',
        'tel:+380671234567',
        '0'.repeat(40),
      ]) {
        expect(normalizeUaPhone(input), input).to.equal(null);
      }
    });

    it('gives the same E.164 number for every written form of one number', () => {
      fc.assert(
        fc.property(fc.stringMatching(/^[1-9]\d{8}$/), (national) => {
          const [code, a, b, c] = [national.slice(0, 2), national.slice(2, 5), national.slice(5, 7), national.slice(7)];
          const forms = [`0${national}`, `380${national}`, `+380${national}`, `+38 (0${code}) ${a}-${b}-${c}`, `0${code}-${a}-${b}-${c}`];
          for (const form of forms) expect(normalizeUaPhone(form), form).to.equal(`+380${national}`);
        }),
        { numRuns: 200 },
      );
    });

    it('is idempotent on its own output', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 20 }), (input) => {
          const once = normalizeUaPhone(input);
          if (once !== null) expect(normalizeUaPhone(once)).to.equal(once);
        }),
        { numRuns: 200 },
      );
    });
  });

  describe('phoneSchema', () => {
    it('parses to E.164', () => {
      expect(phoneSchema.parse('+38 (067) 123-45-67')).to.equal('+380671234567');
    });

    it('says which format it expects when the input is not a number', () => {
      const r = phoneSchema.safeParse('12345');
      expect(r.success).to.equal(false);
      if (!r.success) expect(r.error.issues[0]?.message).to.match(/\+380XXXXXXXXX/);
    });
  });
});
