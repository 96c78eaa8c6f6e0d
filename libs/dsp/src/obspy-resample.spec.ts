import fc from 'fast-check';
import { obspyResample } from './obspy-resample';
import { expectAllClose, loadFixture, peak } from './internal/fixtures.spec-helper';

const fixture = loadFixture('filters');
const x = Float64Array.from(fixture.x as number[]);

describe('obspyResample (obspy Trace.resample)', () => {
  it('matches obspy for down/up-sampling, odd lengths, windows and the anti-alias filter to 1e-9 of the peak', () => {
    for (const r of fixture.resample as { npts: number; targetRate: number; window: 'hann' | 'hamming' | null; noFilter: boolean; output: number[] }[]) {
      const y = obspyResample(x.subarray(0, r.npts), { samplingRate: 100, targetRate: r.targetRate, window: r.window, noFilter: r.noFilter });
      expect(y.length).toBe(r.output.length);
      expectAllClose(y, r.output, { atol: 1e-9 * peak(r.output) });
    }
  });

  it('keeps a constant signal constant (hand-checked: DC bin weight 1)', () => {
    expectAllClose(obspyResample(new Float64Array(100).fill(3), { samplingRate: 100, targetRate: 50 }), new Array<number>(50).fill(3), { atol: 1e-12 });
  });

  it('returns floor(N / factor) samples and the identity when rates are equal and no window', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 2, maxLength: 120 }), fc.integer({ min: 10, max: 200 }), (v, target) => {
        const y = obspyResample(Float64Array.from(v), { samplingRate: 100, targetRate: target });
        expect(y.length).toBe(Math.max(1, Math.floor(v.length / (100 / target))));
        expectAllClose(obspyResample(Float64Array.from(v), { samplingRate: 100, targetRate: 100, window: null }), v, { atol: 1e-9 });
      }),
      { numRuns: 50 },
    );
  });
});
