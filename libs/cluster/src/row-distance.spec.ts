import fc from 'fast-check';
import { createRowDistance } from './row-distance';

describe('createRowDistance', () => {
  it('hand-checkable: distance from (1, 2, 3, 4) to (0, 0, 0, 0) and (1, 2, 3, 5)', () => {
    for (const data of [Float32Array.from([1, 2, 3, 4]), Float64Array.from([1, 2, 3, 4])]) {
      const kernel = createRowDistance(data, 4, 2);
      kernel.centres.set([0, 0, 0, 0, 1, 2, 3, 5]);
      expect(kernel.distanceSq(0, 0)).toBe(30);
      expect(kernel.distanceSq(0, 1)).toBe(1);
    }
  });

  it('SIMD and scalar paths agree to rounding for Float32 and Float64 data, any dim', () => {
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
          fast.centres.set(centre);
          scalar.centres.set(centre);
          const expected = scalar.distanceSq(0, 0);
          expect(Math.abs(fast.distanceSq(0, 0) - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, expected));
          expect(fast.data).toEqual(data);
        },
      ),
      { numRuns: 300 },
    );
  });
});
