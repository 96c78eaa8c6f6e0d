import { madTrigger } from './mad-trigger';
import { loadFixture } from './internal/fixtures.spec-helper';

const fixture = loadFixture('triggers');

describe('madTrigger', () => {
  it('triggers above median + N MAD (hand-checked)', () => {
    // median 1, MAD 0 would be degenerate; here median 1, MAD 1 -> on level 1 + 3 * 1 = 4
    const e = Float64Array.from([1, 0, 2, 1, 0, 2, 1, 9, 9, 1, 0, 2, 1]);
    const r = madTrigger(e, { multiplier: 3 });
    expect([r.median, r.mad, r.onLevel]).toEqual([1, 1, 4]);
    expect(r.windows).toEqual([{ start: 7, end: 9 }]);
  });

  it('returns no window when the MAD is zero (e.g. a zero-filled gap)', () => {
    expect(madTrigger(new Float64Array(50)).windows).toEqual([]);
  });

  it('matches obspy trigger_onset on the robust z-score of the real envelope (N = 12, and hysteresis 12/4)', () => {
    const env = Float64Array.from(fixture.envelope as number[]);
    const toPairs = (w: { start: number; end: number }[]) => w.map((r) => [r.start, r.end - 1]);
    expect(toPairs(madTrigger(env).windows)).toEqual(fixture.onsets.mad_12);
    expect(toPairs(madTrigger(env, { multiplier: 12, offMultiplier: 4 }).windows)).toEqual(fixture.onsets.mad_12_4);
    expect(fixture.onsets.mad_12.length).toBeGreaterThan(0);
  });
});
