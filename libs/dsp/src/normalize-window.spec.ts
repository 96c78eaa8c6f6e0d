import fc from 'fast-check';
import { normalizeWindow } from './normalize-window';
import { expectAllClose, loadFixture } from './internal/fixtures.spec-helper';

const fixture = loadFixture('featurize');
const image = Float64Array.from(fixture.resizeInput.values as number[]);

describe('normalizeWindow', () => {
  it('z-scores and min-max scales by hand', () => {
    expectAllClose(normalizeWindow(Float64Array.from([1, 3]), { method: 'zscore' }), [-1, 1], { atol: 1e-7 });
    expectAllClose(normalizeWindow(Float64Array.from([2, 4, 6]), { method: 'minmax' }), [0, 0.5, 1], { atol: 1e-7 });
    expect(Array.from(normalizeWindow(Float64Array.from([5, 5]), { method: 'zscore' }))).toEqual([0, 0]);
  });

  it('matches numpy (x - mean) / std and (x - min) / (max - min) to float32 precision', () => {
    expectAllClose(normalizeWindow(image, { method: 'zscore' }), fixture.zscore, { rtol: 1e-6, atol: 1e-6 });
    expectAllClose(normalizeWindow(image, { method: 'minmax' }), fixture.minmax, { rtol: 1e-6, atol: 1e-7 });
  });

  it('z-scored windows have mean 0 and std 1; min-max windows span [0, 1]', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 100 }), (v) => {
        fc.pre(Math.max(...v) - Math.min(...v) > 1e-3);
        const z = normalizeWindow(Float64Array.from(v), { method: 'zscore' });
        const mean = z.reduce((a, b) => a + b, 0) / z.length;
        expect(Math.abs(mean)).toBeLessThan(1e-5);
        expect(Math.sqrt(z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length)).toBeCloseTo(1, 4);
        const m = normalizeWindow(Float64Array.from(v), { method: 'minmax' });
        expect([Math.min(...m), Math.max(...m)]).toEqual([0, 1]);
      }),
    );
  });
});
