import { expect } from 'chai';
import fc from 'fast-check';
import { categorySchema, classifierSchema, routeRequest, type Category } from '../../domain/classifier.ts';
import { DomainError } from '../../domain/errors.ts';

function category(overrides: Partial<Category> = {}): Category {
  return categorySchema.parse({
    code: 'ROADS.POTHOLE',
    name: 'Pothole in the road',
    executorId: 'kp-shlyakhbud',
    term: { amount: 10, unit: 'working_days' },
    reworkTerm: { amount: 3, unit: 'working_days' },
    ...overrides,
  });
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('domain/classifier', () => {
  describe('categorySchema', () => {
    it('makes a category active unless told otherwise', () => {
      expect(category().active).to.equal(true);
      expect(category({ active: false }).active).to.equal(false);
    });

    it('accepts codes of 2–32 letters, digits, underscores, dots and dashes in either case', () => {
      for (const code of ['AB', 'water_supply.leak-1', 'X'.repeat(32)]) {
        expect(categorySchema.safeParse({ ...category(), code }).success, code).to.equal(true);
      }
      for (const code of ['A', 'X'.repeat(33), 'ROADS POTHOLE', 'дороги']) {
        expect(categorySchema.safeParse({ ...category(), code }).success, code).to.equal(false);
      }
    });

    it('names the field of a bad term', () => {
      const r = categorySchema.safeParse({ ...category(), reworkTerm: { amount: 0, unit: 'working_days' } });
      expect(r.success).to.equal(false);
      if (!r.success) expect(r.error.issues.map((i) => i.path.join('.'))).to.deep.equal(['reworkTerm.amount']);
    });

    it('refuses a category without an executor', () => {
      const r = categorySchema.safeParse({ ...category(), executorId: ' ' });
      expect(r.success).to.equal(false);
      if (!r.success) expect(r.error.issues[0]?.path).to.deep.equal(['executorId']);
    });
  });

  describe('classifierSchema', () => {
    it('refuses two categories whose codes differ only in case', () => {
      const r = classifierSchema.safeParse([category({ code: 'LIGHTS' }), category({ code: 'lights' })]);
      expect(r.success).to.equal(false);
      if (!r.success) expect(r.error.issues[0]?.path).to.deep.equal([1, 'code']);
    });
  });

  describe('routeRequest', () => {
    const classifier: Category[] = [
      category(),
      category({ code: 'HEATING.NONE', executorId: 'kp-teplomerezha', term: { amount: 24, unit: 'hours' }, reworkTerm: { amount: 8, unit: 'working_hours' } }),
      category({ code: 'OLD.KIOSK', executorId: 'trade-dept', active: false }),
    ];

    it("5.12 routes a request to the Classifier category's executor with its term and rework term", () => {
      expect(routeRequest(classifier, 'HEATING.NONE')).to.deep.equal({
        executorId: 'kp-teplomerezha',
        term: { amount: 24, unit: 'hours' },
        reworkTerm: { amount: 8, unit: 'working_hours' },
      });
    });

    it('matches the category code regardless of letter case', () => {
      expect(routeRequest(classifier, 'roads.pothole').executorId).to.equal('kp-shlyakhbud');
    });

    it('refuses an unknown code with a DomainError unknown_category naming the code', () => {
      const err = thrown(() => routeRequest(classifier, 'NOPE'));
      expect(err).to.be.instanceOf(DomainError);
      expect(err).to.include({ code: 'unknown_category' });
      expect((err as DomainError).details).to.deep.equal({ code: 'NOPE' });
      expect((err as DomainError).message).to.contain('NOPE');
    });

    it('refuses an inactive category with a DomainError inactive_category', () => {
      const err = thrown(() => routeRequest(classifier, 'OLD.KIOSK'));
      expect(err).to.be.instanceOf(DomainError);
      expect(err).to.include({ code: 'inactive_category' });
    });

    it('returns terms that later edits to the Classifier cannot change', () => {
      const categories = [category()];
      const route = routeRequest(categories, 'ROADS.POTHOLE');
      const first = categories[0];
      if (first) first.term.amount = 99;
      expect(route.term.amount).to.equal(10);
    });

    it('routes every active category to its own executor', () => {
      fc.assert(
        fc.property(
          fc.uniqueArray(fc.stringMatching(/^[A-Z0-9_.-]{2,32}$/), { minLength: 1, maxLength: 20, selector: (c) => c.toUpperCase() }),
          fc.nat(),
          (codes, pick) => {
            const categories = codes.map((code, i) => category({ code, executorId: `exec-${i}` }));
            const index = pick % codes.length;
            const code = codes[index] ?? '';
            expect(routeRequest(categories, code.toLowerCase()).executorId).to.equal(`exec-${index}`);
          },
        ),
        { numRuns: 200 },
      );
    });
  });
});
