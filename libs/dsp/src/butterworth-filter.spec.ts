import { butterworthFilter } from './butterworth-filter';
import type { FilterBand } from './butterworth-sos';
import { expectAllClose, loadFixture, peak } from './internal/fixtures.spec-helper';
import { sosfiltZeroPhase } from './sosfilt-zero-phase';
import { designButterworthSos } from './butterworth-sos';

const fixture = loadFixture('filters');
const x = Float64Array.from(fixture.x as number[]);

describe('butterworthFilter / sosfiltZeroPhase (obspy Trace.filter)', () => {
  it('matches obspy bandpass/lowpass/highpass, causal and zerophase, to 1e-9 of the peak', () => {
    for (const run of fixture.obspy as { type: string; freqmin?: number; freqmax?: number; freq?: number; corners: number; zerophase: boolean; output: number[] }[]) {
      const band = (run.type === 'bandpass' ? { type: 'bandpass', freqmin: run.freqmin, freqmax: run.freqmax } : { type: run.type, freq: run.freq }) as FilterBand;
      const y = butterworthFilter(x, band, { samplingRate: 100, corners: run.corners, zerophase: run.zerophase });
      expectAllClose(y, run.output, { atol: 1e-9 * peak(run.output) });
    }
  });

  it('zero-phase filtering of an impulse is symmetric about it (no phase shift)', () => {
    // long enough for the forward pass to decay before the backward pass starts (no edge padding)
    const impulse = new Float64Array(4001);
    impulse[400] = 1;
    const y = sosfiltZeroPhase(designButterworthSos({ type: 'bandpass', freqmin: 1, freqmax: 10 }, { samplingRate: 100 }), impulse);
    for (let k = 1; k < 400; k++) expect(y[400 + k]).toBeCloseTo(y[400 - k]!, 9);
  });
});
