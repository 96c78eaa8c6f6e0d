import { obspyDecimate } from './obspy-decimate';
import { expectAllClose, loadFixture, peak } from './internal/fixtures.spec-helper';

const fixture = loadFixture('filters');
const x = Float64Array.from(fixture.x as number[]);

describe('obspyDecimate', () => {
  it('keeps every factor-th sample without the filter (hand-checked)', () => {
    expect(Array.from(obspyDecimate(Float64Array.from([0, 1, 2, 3, 4, 5, 6]), { samplingRate: 100, factor: 3, noFilter: true }))).toEqual([0, 3, 6]);
  });

  it('matches obspy Trace.decimate(factor) to 1e-8 of the peak', () => {
    for (const d of fixture.decimate as { factor: number; output: number[] }[]) {
      expectAllClose(obspyDecimate(x, { samplingRate: 100, factor: d.factor }), d.output, { atol: 1e-8 * peak(d.output) });
    }
  });

  it('rejects factors obspy refuses to filter for', () => {
    expect(() => obspyDecimate(x, { samplingRate: 100, factor: 17 })).toThrow(/factor/);
  });
});
