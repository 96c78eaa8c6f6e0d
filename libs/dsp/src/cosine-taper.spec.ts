import fc from 'fast-check';
import { cosineTaper } from './cosine-taper';
import { expectAllClose, loadFixture } from './internal/fixtures.spec-helper';

const fixture = loadFixture('preprocess');

describe('cosineTaper (obspy Trace.taper type="cosine")', () => {
  it('tapers a 20-sample ones trace with max_percentage 0.2 to hand-computed values', () => {
    // wlen = 4, window of 9: rising half 0.5 (1 - cos(pi i / 3)), i = 0..3 = [0, 0.25, 0.75, 1]
    const y = cosineTaper(new Float64Array(20).fill(1), { maxPercentage: 0.2 });
    expectAllClose(y, [0, 0.25, 0.75, 1, ...new Array<number>(12).fill(1), 1, 0.75, 0.25, 0], { atol: 1e-15 });
  });

  it('matches obspy on real data and on edge-case lengths to 1e-10 relative', () => {
    expectAllClose(cosineTaper(Float64Array.from(fixture.x), { maxPercentage: 0.05 }), fixture.taperReal, { rtol: 1e-11, atol: 1e-9 });
    for (const c of fixture.tapers as { npts: number; maxPercentage: number; input: number[]; output: number[] }[]) {
      expectAllClose(cosineTaper(Float64Array.from(c.input), { maxPercentage: c.maxPercentage }), c.output, { rtol: 1e-10, atol: 1e-12 });
    }
  });

  it('matches obspy for side="left"/"right" and max_length', () => {
    for (const c of fixture.taperSides as { side: 'left' | 'right'; output: number[] }[]) {
      expectAllClose(cosineTaper(Float64Array.from(fixture.x), { maxPercentage: 0.1, side: c.side }), c.output, { rtol: 1e-11, atol: 1e-9 });
    }
    const capped = cosineTaper(Float64Array.from(fixture.x), { maxPercentage: 0.5, maxLength: 2, samplingRate: 100 });
    expectAllClose(capped, fixture.taperMaxLength, { rtol: 1e-11, atol: 1e-9 });
  });

  it('only scales samples by factors in [0, 1] and keeps the middle untouched', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.double({ min: 0, max: 0.5, noNaN: true }), (n, p) => {
        const y = cosineTaper(new Float64Array(n).fill(1), { maxPercentage: p });
        for (const v of y) expect(v >= 0 && v <= 1).toBe(true);
        const wlen = Math.min(Math.floor(p * n), Math.floor(n / 2));
        for (let i = wlen; i < n - wlen; i++) expect(y[i]).toBe(1);
      }),
    );
  });

  it('rejects a percentage above 0.5 and maxLength without a sampling rate', () => {
    expect(() => cosineTaper(new Float64Array(4), { maxPercentage: 0.6 })).toThrow(/maxPercentage/);
    expect(() => cosineTaper(new Float64Array(4), { maxPercentage: 0.1, maxLength: 1 })).toThrow(/samplingRate/);
  });
});
