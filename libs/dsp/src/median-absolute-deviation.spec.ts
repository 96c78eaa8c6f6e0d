import fc from 'fast-check';
import { medianAbsoluteDeviation } from './median-absolute-deviation';
import { loadFixture } from './internal/fixtures.spec-helper';

const fixture = loadFixture('triggers');

describe('medianAbsoluteDeviation', () => {
  it('computes median and MAD by hand', () => {
    // median 3, |x - 3| = [2, 1, 0, 1, 97] -> MAD 1
    expect(medianAbsoluteDeviation(Float64Array.from([1, 2, 3, 4, 100]))).toEqual({ median: 3, mad: 1 });
    expect(medianAbsoluteDeviation(Float64Array.from([4, 1, 3, 2]))).toEqual({ median: 2.5, mad: 1 });
  });

  it('matches numpy.median and scipy.stats.median_abs_deviation(scale=1) to 1e-12', () => {
    const { median, mad } = medianAbsoluteDeviation(Float64Array.from(fixture.envelope as number[]));
    expect(median).toBeCloseTo(fixture.median, 9);
    expect(mad).toBeCloseTo(fixture.mad, 9);
  });

  it('agrees with a sort-based median for any input', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 }), (v) => {
        const sorted = [...v].sort((a, b) => a - b);
        const mid = sorted.length >> 1;
        const expected = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
        expect(medianAbsoluteDeviation(Float64Array.from(v)).median).toBe(expected);
      }),
    );
  });
});
