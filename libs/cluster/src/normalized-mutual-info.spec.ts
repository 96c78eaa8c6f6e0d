import fc from 'fast-check';
import { adjustedRandIndex } from './adjusted-rand-index';
import { normalizedMutualInfo } from './normalized-mutual-info';
import { permuteLabels } from './testing/permute';
import { expectClose, loadSklearnFixtures } from './testing/sklearn-fixtures';

const fixtures = loadSklearnFixtures();
const pairs = fixtures.dataSets.flatMap((set) => set.pairs.map((pair) => [`${set.name}: ${pair.a} vs ${pair.b}`, set, pair] as const));

describe('normalizedMutualInfo and adjustedRandIndex', () => {
  it.each(pairs)('%s match scikit-learn to 1e-6 relative', (_name, set, pair) => {
    const a = set.labelings[pair.a]!;
    const b = set.labelings[pair.b]!;
    expectClose(normalizedMutualInfo(a, b), pair.nmi, 1e-6);
    expectClose(adjustedRandIndex(a, b), pair.ari, 1e-6);
  });

  it('hand-checkable cases', () => {
    expect(normalizedMutualInfo([0, 0, 1, 1], [5, 5, 9, 9])).toBeCloseTo(1, 14);
    expect(adjustedRandIndex([0, 0, 1, 1], [5, 5, 9, 9])).toBe(1);
    // Independent labelings: MI = 0.
    expect(normalizedMutualInfo([0, 0, 1, 1], [0, 1, 0, 1])).toBe(0);
    // sklearn's documented example: adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) = 0.571428...
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(4 / 7, 14);
    // Both single-cluster: perfect agreement by convention.
    expect(normalizedMutualInfo([3, 3, 3], [1, 1, 1])).toBe(1);
    expect(adjustedRandIndex([3, 3, 3], [1, 1, 1])).toBe(1);
  });

  it('are symmetric and invariant to permuting either labeling', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 4 })), { minLength: 2, maxLength: 60 }),
        fc.shuffledSubarray([0, 1, 2, 3, 4], { minLength: 5, maxLength: 5 }),
        (rows, ids) => {
          const a = rows.map((r) => r[0]);
          const b = rows.map((r) => r[1]);
          const nmi = normalizedMutualInfo(a, b);
          const ari = adjustedRandIndex(a, b);
          expect(nmi).toBeGreaterThanOrEqual(0);
          expect(nmi).toBeLessThanOrEqual(1 + 1e-12);
          expect(normalizedMutualInfo(b, a)).toBeCloseTo(nmi, 12);
          expect(adjustedRandIndex(b, a)).toBeCloseTo(ari, 12);
          expect(normalizedMutualInfo(permuteLabels(a, ids), permuteLabels(b, ids))).toBeCloseTo(nmi, 12);
          expect(adjustedRandIndex(permuteLabels(a, ids), b)).toBeCloseTo(ari, 12);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects mismatched lengths naming both parameters', () => {
    expect(() => normalizedMutualInfo([0, 1], [0])).toThrow(/^a and b: lengths differ \(2 vs 1\)/);
    expect(() => adjustedRandIndex([0, 1.5], [0, 1])).toThrow(/^a: element 1 is 1.5/);
  });
});
