import fc from 'fast-check';
import { calinskiHarabasz } from './calinski-harabasz';
import { permuteLabels } from './testing/permute';
import { expectClose, loadSklearnFixtures } from './testing/sklearn-fixtures';

const fixtures = loadSklearnFixtures();

describe('calinskiHarabasz', () => {
  it('matches a hand computation', () => {
    // Clusters {0, 2} and {10, 12} on a line: means 1 and 11, global mean 6.
    // B = 2*25 + 2*25 = 100, W = 4 * 1 = 4, CH = (100 / 1) / (4 / 2) = 50.
    expect(calinskiHarabasz(Float64Array.from([0, 2, 10, 12]), 4, 1, [0, 0, 1, 1])).toBeCloseTo(50, 12);
  });

  it.each(fixtures.dataSets.flatMap((set) => Object.keys(set.labelings).map((lab) => [set.name, lab, set] as const)))(
    '%s / %s matches scikit-learn to 1e-6 relative',
    (_name, lab, set) => {
      expectClose(calinskiHarabasz(Float64Array.from(set.data), set.nRows, set.nCols, set.labelings[lab]!), set.scores[lab]!.calinskiHarabasz, 1e-6);
    },
  );

  it('is invariant to permuting label IDs', () => {
    const set = fixtures.dataSets[0]!;
    const data = Float64Array.from(set.data);
    const labels = set.labelings['kmeans']!;
    const reference = calinskiHarabasz(data, set.nRows, set.nCols, labels);
    fc.assert(
      fc.property(fc.shuffledSubarray([-5, 0, 3, 8, 9, 77], { minLength: 6, maxLength: 6 }), (ids) => {
        expectClose(calinskiHarabasz(data, set.nRows, set.nCols, permuteLabels(labels, ids)), reference, 1e-12);
      }),
      { numRuns: 30 },
    );
  });

  it('returns Infinity when every cluster is a single point (scikit-learn returns 1)', () => {
    expect(calinskiHarabasz(Float64Array.from([0, 0, 5, 5, 5]), 5, 1, [0, 0, 1, 1, 1])).toBe(Infinity);
  });

  it('rejects bad input naming the parameter', () => {
    const data = Float64Array.from([0, 1, 2, 3]);
    expect(() => calinskiHarabasz(data, 4, 1, [0, 0, 1])).toThrow(/^labels: length 3 does not match the expected 4/);
    expect(() => calinskiHarabasz(data, 4, 1, [0, 0, 0, 0])).toThrow(/^labels: 1 distinct labels; valid values are 2 to nRows - 1/);
    expect(() => calinskiHarabasz(data, 4, 1, [0, 1, 2, 3])).toThrow(/^labels: 4 distinct labels/);
    expect(() => calinskiHarabasz(data, 4, 1, [0, 0.5, 1, 1])).toThrow(/^labels: element 1 is 0.5/);
    expect(() => calinskiHarabasz(Float64Array.from([0, NaN, 2, 3]), 4, 1, [0, 0, 1, 1])).toThrow(/^data: row 1/);
    expect(() => calinskiHarabasz(Float64Array.from([2, 2, 2, 2]), 4, 1, [0, 0, 1, 1])).toThrow(/^data: zero variance/);
  });
});
