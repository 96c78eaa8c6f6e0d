import fc from 'fast-check';
import { createRowDistance } from './row-distance';

describe('createRowDistance', () => {
  it('hand-checkable: distance from (1, 2, 3, 4) to (0, 0, 0, 0) and (1, 2, 3, 5)', () => {
    for (const data of [Float32Array.from([1, 2, 3, 4]), Float64Array.from([1, 2, 3, 4])]) {
      const kernel = createRowDistance(data, 4, 2);
      kernel.centres.set([0, 0, 0, 0, 1, 2, 3, 5]);
      kernel.syncCentres();
      expect(kernel.distanceSq(0, 0)).toBe(30);
      expect(kernel.distanceSq(0, 1)).toBe(1);
      expect(kernel.exactDistanceSq(0, 0)).toBe(30);
    }
  });

  it('on Float32 data the pass distance uses the Float32 copy of the centres made by syncCentres', () => {
    const kernel = createRowDistance(Float32Array.from([0, 0, 0, 0]), 4, 1);
    kernel.centres.set([1 + 2 ** -40, 0, 0, 0]);
    kernel.syncCentres();
    expect(kernel.distanceSq(0, 0)).toBe(1); // 1 + 2^-40 rounds to 1 in float32
    expect(kernel.exactDistanceSq(0, 0)).toBe((1 + 2 ** -40) ** 2);
    kernel.centres.set([2, 0, 0, 0]);
    expect(kernel.distanceSq(0, 0)).toBe(1); // not synchronised yet
    kernel.syncCentres();
    expect(kernel.distanceSq(0, 0)).toBe(4);
  });

  it('SIMD and scalar paths agree: exactly-rounded in double, float32-rounded for the Float32 pass distance', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 13 }),
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 26, maxLength: 26 }),
        fc.boolean(),
        (dim, values, single) => {
          const data = single ? Float32Array.from(values.slice(0, dim)) : Float64Array.from(values.slice(0, dim));
          const centre = values.slice(13, 13 + dim);
          const fast = createRowDistance(data, dim, 1);
          const scalar = createRowDistance(data, dim, 1, true);
          for (const kernel of [fast, scalar]) {
            kernel.centres.set(centre);
            kernel.syncCentres();
          }
          const expected = scalar.exactDistanceSq(0, 0);
          expect(Math.abs(fast.exactDistanceSq(0, 0) - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, expected));
          // float32 lanes: each term (x - c)^2 and each sum carries a relative error of a few 2^-24, and
          // rounding the centre to float32 moves x - c by up to 2^-24 |c| (plus float32 underflow:
          // squares below ~1e-38 lose precision or vanish: an absolute 1e-36).
          const scale = centre.reduce((sum, c, i) => sum + c * c + (data[i] as number) ** 2, 0);
          const tolerance = single && dim % 4 === 0 ? 64 * 2 ** -24 * scale + 1e-36 : 1e-12 * Math.max(1, expected);
          expect(Math.abs(fast.distanceSq(0, 0) - expected)).toBeLessThanOrEqual(tolerance);
          expect(fast.data).toEqual(data);
        },
      ),
      { numRuns: 300 },
    );
  });
});
