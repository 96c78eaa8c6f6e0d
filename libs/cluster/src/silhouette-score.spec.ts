import fc from 'fast-check';
import { silhouetteScore } from './silhouette-score';
import { permuteLabels } from './testing/permute';
import { expectClose, loadSklearnFixtures } from './testing/sklearn-fixtures';

const fixtures = loadSklearnFixtures();

describe('silhouetteScore', () => {
  it('matches a hand computation', () => {
    // Row 0: a = 2, b = mean(10, 12) = 11, s = 9/11. Row 1: a = 2, b = 9, s = 7/9. Symmetric for 2, 3.
    const expected = (2 * (9 / 11) + 2 * (7 / 9)) / 4;
    expect(silhouetteScore(Float64Array.from([0, 2, 10, 12]), 4, 1, [0, 0, 1, 1])).toBeCloseTo(expected, 12);
  });

  it('scores singletons as 0 and samples reproducibly with sampleSize', () => {
    // Row 2 is alone in its cluster: contributes 0.
    const withSingleton = silhouetteScore(Float64Array.from([0, 1, 50, 100, 101]), 5, 1, [0, 0, 1, 2, 2]);
    expect(withSingleton).toBeGreaterThan(0);
    const set = fixtures.dataSets[0]!;
    const data = Float64Array.from(set.data);
    const sampled = silhouetteScore(data, set.nRows, set.nCols, set.labelings['truth']!, { sampleSize: 150, seed: 2 });
    expect(silhouetteScore(data, set.nRows, set.nCols, set.labelings['truth']!, { sampleSize: 150, seed: 2 })).toBe(sampled);
    expect(Math.abs(sampled - set.scores['truth']!.silhouette)).toBeLessThan(0.05);
    expect(() => silhouetteScore(data, set.nRows, set.nCols, set.labelings['truth']!, { sampleSize: 1 })).toThrow(/^options.sampleSize/);
  });

  it.each(fixtures.dataSets.flatMap((set) => Object.keys(set.labelings).map((lab) => [set.name, lab, set] as const)))(
    '%s / %s matches scikit-learn to 1e-6 relative',
    (_name, lab, set) => {
      expectClose(silhouetteScore(Float64Array.from(set.data), set.nRows, set.nCols, set.labelings[lab]!), set.scores[lab]!.silhouette, 1e-6);
    },
  );

  it('is invariant to permuting label IDs', () => {
    const set = fixtures.dataSets[0]!;
    const data = Float64Array.from(set.data);
    const labels = set.labelings['kmeans']!;
    const reference = silhouetteScore(data, set.nRows, set.nCols, labels);
    fc.assert(
      fc.property(fc.shuffledSubarray([-5, 0, 3, 8, 9, 77], { minLength: 6, maxLength: 6 }), (ids) => {
        expectClose(silhouetteScore(data, set.nRows, set.nCols, permuteLabels(labels, ids)), reference, 1e-12);
      }),
      { numRuns: 30 },
    );
  });

  it('returns 1 when every cluster is a single point', () => {
    expect(silhouetteScore(Float64Array.from([0, 0, 5, 5, 5]), 5, 1, [0, 0, 1, 1, 1])).toBe(1);
  });

  it('rejects bad input naming the parameter', () => {
    const data = Float64Array.from([0, 1, 2, 3]);
    expect(() => silhouetteScore(data, 4, 1, [0, 0, 1])).toThrow(/^labels: length 3 does not match the expected 4/);
    expect(() => silhouetteScore(data, 4, 1, [0, 0, 0, 0])).toThrow(/^labels: 1 distinct labels; valid values are 2 to nRows - 1/);
    expect(() => silhouetteScore(data, 4, 1, [0, 1, 2, 3])).toThrow(/^labels: 4 distinct labels/);
    expect(() => silhouetteScore(data, 4, 1, [0, 0.5, 1, 1])).toThrow(/^labels: element 1 is 0.5/);
    expect(() => silhouetteScore(Float64Array.from([0, NaN, 2, 3]), 4, 1, [0, 0, 1, 1])).toThrow(/^data: row 1/);
    expect(() => silhouetteScore(Float64Array.from([2, 2, 2, 2]), 4, 1, [0, 0, 1, 1])).toThrow(/^data: zero variance/);
  });
});
