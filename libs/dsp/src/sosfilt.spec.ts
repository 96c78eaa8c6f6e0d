import fc from 'fast-check';
import { sosfilt } from './sosfilt';

describe('sosfilt', () => {
  it('runs a one-pole recursion by hand: y[n] = x[n] + 0.5 y[n-1]', () => {
    const sos = Float64Array.from([1, 0, 0, 1, -0.5, 0]);
    expect(Array.from(sosfilt(sos, Float64Array.from([1, 0, 0, 2])))).toEqual([1, 0.5, 0.25, 2.125]);
  });

  it('is linear and causal', () => {
    const sos = Float64Array.from([0.2, 0.4, 0.2, 1, -0.3, 0.1, 1, -1, 0, 1, -0.9, 0]);
    fc.assert(
      fc.property(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 4, maxLength: 64 }), fc.integer({ min: 1, max: 3 }), (v, cut) => {
        const x = Float64Array.from(v);
        const doubled = sosfilt(sos, x.map((s) => 2 * s));
        sosfilt(sos, x).forEach((y, i) => expect(doubled[i]).toBeCloseTo(2 * y, 9));
        const truncated = x.slice();
        truncated.fill(0, cut);
        const head = sosfilt(sos, truncated);
        const full = sosfilt(sos, x);
        for (let i = 0; i < cut; i++) expect(head[i]).toBeCloseTo(full[i]!, 12);
      }),
    );
  });

  it('rejects malformed or unnormalised sections', () => {
    expect(() => sosfilt(Float64Array.from([1, 0, 0, 1, 0]), new Float64Array(3))).toThrow(/sos: expected a non-empty n_sections x 6/);
    expect(() => sosfilt(Float64Array.from([1, 0, 0, 2, 0, 0]), new Float64Array(3))).toThrow(/a0 = 1/);
  });
});
