import fc from 'fast-check';
import { kmeans } from './kmeans';
import { expectClose, loadSklearnFixtures } from './testing/sklearn-fixtures';

const fixtures = loadSklearnFixtures();

describe('kmeans', () => {
  it('finds the two obvious clusters of a hand-checkable set', () => {
    // Rows 0-2 around (0, 0), rows 3-5 around (10, 10).
    const data = Float64Array.from([0, 0, 1, 0, 0, 1, 10, 10, 11, 10, 10, 11]);
    const result = kmeans(data, 6, 2, { k: 2, nInit: 3, seed: 1 });
    const first = result.labels[0];
    expect(Array.from(result.labels)).toEqual([first, first, first, 1 - (first as number), 1 - (first as number), 1 - (first as number)]);
    const c0 = Array.from(result.centroids.subarray((first as number) * 2, (first as number) * 2 + 2));
    expect(c0[0]).toBeCloseTo(1 / 3, 12);
    expect(c0[1]).toBeCloseTo(1 / 3, 12);
    // Each triangle contributes (1/9+1/9) + (4/9+1/9) + (1/9+4/9) = 4/3.
    expect(result.inertia).toBeCloseTo(8 / 3, 12);
    expect(result.converged).toBe(true);
  });

  describe.each(fixtures.dataSets.map((set) => [set.name, set] as const))('%s vs scikit-learn', (_name, set) => {
    it.each(set.kmeans.map((entry) => [entry.k, entry] as const))('k = %i: inertia within 1%% of the best of n_init', (_k, entry) => {
      const data = Float64Array.from(set.data);
      const result = kmeans(data, set.nRows, set.nCols, { k: entry.k, nInit: entry.nInit, seed: 3 });
      expect(result.inertia).toBeLessThanOrEqual(entry.inertia * 1.01);
      expect(result.centroids).toHaveLength(entry.k * set.nCols);
      expect(new Set(result.labels).size).toBe(entry.k);
    });
  });

  it.each([
    ['scalar kernel (dim 5, Float64)', 0, false],
    ['SIMD kernel (dim 8, Float32)', 4, true],
  ] as const)('%s: returns exactly the inertia of its own labels and centroids (labels are nearest-centre)', (_name, index, single) => {
    const set = fixtures.dataSets[index]!;
    const data = single ? Float32Array.from(set.data) : Float64Array.from(set.data);
    const { centroids, labels, inertia } = kmeans(data, set.nRows, set.nCols, { k: 4, nInit: 2, seed: 9 });
    let total = 0;
    for (let i = 0; i < set.nRows; i++) {
      const distances = Array.from({ length: 4 }, (_, j) => {
        let d2 = 0;
        for (let c = 0; c < set.nCols; c++) d2 += (data[i * set.nCols + c]! - centroids[j * set.nCols + c]!) ** 2;
        return d2;
      });
      expect(distances[labels[i]!]).toBeCloseTo(Math.min(...distances), 9);
      total += distances[labels[i]!]!;
    }
    expectClose(inertia, total, 1e-12);
  });

  it('is deterministic for a seed, accepts Float32 data and explicit initial centres', () => {
    const set = fixtures.dataSets[1]!;
    const data32 = Float32Array.from(set.data);
    const a = kmeans(data32, set.nRows, set.nCols, { k: 3, seed: 4 });
    const b = kmeans(data32, set.nRows, set.nCols, { k: 3, seed: 4 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.inertia).toBe(b.inertia);
    const restarted = kmeans(data32, set.nRows, set.nCols, { k: 3, init: a.centroids });
    expectClose(restarted.inertia, a.inertia, 1e-9);
    expect(restarted.iterations).toBeLessThanOrEqual(2);
  });

  it('reports converged = false when maxIter stops it first', () => {
    const set = fixtures.dataSets[3]!;
    const result = kmeans(Float64Array.from(set.data), set.nRows, set.nCols, { k: 6, nInit: 1, maxIter: 1, seed: 2 });
    expect(result.iterations).toBe(1);
    expect(result.converged).toBe(false);
  });

  it('never ends with an empty cluster, even with many duplicate rows', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 12, maxLength: 40 }), fc.integer({ min: 0, max: 1000 }), (codes, seed) => {
        fc.pre(new Set(codes).size >= 4);
        const data = Float64Array.from(codes.flatMap((c) => [c, c * c]));
        const result = kmeans(data, codes.length, 2, { k: 4, nInit: 2, seed });
        expect(new Set(result.labels).size).toBe(4);
      }),
      { numRuns: 50 },
    );
  });

  it('rejects bad input with errors naming the parameter', () => {
    const data = Float64Array.from([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(() => kmeans(data, 4, 2, { k: 1 })).toThrow(/^k: expected an integer >= 2/);
    expect(() => kmeans(data, 4, 2, { k: 5 })).toThrow(/^k: 5 clusters requested but data has only nRows = 4/);
    expect(() => kmeans(Float64Array.from([0, 0, 1, NaN, 2, 2]), 3, 2, { k: 2 })).toThrow(/^data: row 1 column 1 is NaN/);
    expect(() => kmeans(Float64Array.from([0, 0, Infinity, 1, 2, 2]), 3, 2, { k: 2 })).toThrow(/^data: row 1 column 0 is Infinity/);
    expect(() => kmeans(Float64Array.from([5, 5, 5, 5, 5, 5]), 3, 2, { k: 2 })).toThrow(/^data: zero variance/);
    expect(() => kmeans(Float64Array.from([0, 0, 0, 0, 1, 1]), 3, 2, { k: 3 })).toThrow(/^data: only 2 distinct rows/);
    expect(() => kmeans(data, 3, 2, { k: 2 })).toThrow(/^data: length 8 does not match nRows \* nCols/);
    expect(() => kmeans(data, 4, 2, { k: 2, nInit: 0 })).toThrow(/^nInit/);
    expect(() => kmeans(data, 4, 2, { k: 2, maxIter: 0 })).toThrow(/^maxIter/);
    expect(() => kmeans(data, 4, 2, { k: 2, tol: -1 })).toThrow(/^tol/);
    expect(() => kmeans(data, 4, 2, { k: 2, init: new Float64Array(3) })).toThrow(/^init: length 3/);
  });
});
