import fc from 'fast-check';
import { daviesBouldin } from './davies-bouldin';
import { permuteLabels } from './testing/permute';
import { expectClose, loadSklearnFixtures } from './testing/sklearn-fixtures';

const fixtures = loadSklearnFixtures();

describe('daviesBouldin', () => {
  it('matches a hand computation', () => {
    // Clusters {0, 2} (s = 1) and {10, 14} (s = 2), centroids 1 and 12: R = (1 + 2) / 11 for both.
    expect(daviesBouldin(Float64Array.from([0, 2, 10, 14]), 4, 1, [0, 0, 1, 1])).toBeCloseTo(3 / 11, 12);
  });

  it.each(fixtures.dataSets.flatMap((set) => Object.keys(set.labelings).map((lab) => [set.name, lab, set] as const)))(
    '%s / %s matches scikit-learn to 1e-6 relative',
    (_name, lab, set) => {
      expectClose(daviesBouldin(Float64Array.from(set.data), set.nRows, set.nCols, set.labelings[lab]!), set.scores[lab]!.daviesBouldin, 1e-6);
    },
  );

  it('is invariant to permuting label IDs', () => {
    const set = fixtures.dataSets[0]!;
    const data = Float64Array.from(set.data);
    const labels = set.labelings['kmeans']!;
    const reference = daviesBouldin(data, set.nRows, set.nCols, labels);
    fc.assert(
      fc.property(fc.shuffledSubarray([-5, 0, 3, 8, 9, 77], { minLength: 6, maxLength: 6 }), (ids) => {
        expectClose(daviesBouldin(data, set.nRows, set.nCols, permuteLabels(labels, ids)), reference, 1e-12);
      }),
      { numRuns: 30 },
    );
  });

  it('returns 0 when every cluster is a single point, as scikit-learn', () => {
    expect(daviesBouldin(Float64Array.from([0, 0, 5, 5, 5]), 5, 1, [0, 0, 1, 1, 1])).toBe(0);
  });

  it('rejects bad input naming the parameter', () => {
    const data = Float64Array.from([0, 1, 2, 3]);
    expect(() => daviesBouldin(data, 4, 1, [0, 0, 1])).toThrow(/^labels: length 3 does not match the expected 4/);
    expect(() => daviesBouldin(data, 4, 1, [0, 0, 0, 0])).toThrow(/^labels: 1 distinct labels; valid values are 2 to nRows - 1/);
    expect(() => daviesBouldin(data, 4, 1, [0, 1, 2, 3])).toThrow(/^labels: 4 distinct labels/);
    expect(() => daviesBouldin(data, 4, 1, [0, 0.5, 1, 1])).toThrow(/^labels: element 1 is 0.5/);
    expect(() => daviesBouldin(Float64Array.from([0, NaN, 2, 3]), 4, 1, [0, 0, 1, 1])).toThrow(/^data: row 1/);
    expect(() => daviesBouldin(Float64Array.from([2, 2, 2, 2]), 4, 1, [0, 0, 1, 1])).toThrow(/^data: zero variance/);
  });
});
