import { bandpassTransform, bilinearTransform, butterworthPrototype, highpassTransform, lowpassTransform, prewarp } from './internal/zpk';
import { type SosMatrix, zpkToSos } from './internal/zpk-to-sos';
import { expectPositiveFinite, expectPositiveInteger } from './internal/validate';

export type { SosMatrix } from './internal/zpk-to-sos';

/** Pass band of a Butterworth design, in Hz. */
export type FilterBand =
  | { readonly type: 'lowpass'; readonly freq: number }
  | { readonly type: 'highpass'; readonly freq: number }
  | { readonly type: 'bandpass'; readonly freqmin: number; readonly freqmax: number };

export interface ButterworthOptions {
  /** Sampling rate of the data the filter will run on (Hz). */
  readonly samplingRate: number;
  /** Filter order per pass ("corners" in obspy). Default 4. */
  readonly order?: number;
}

/**
 * Digital Butterworth filter as second-order sections, identical to
 * `scipy.signal.butter(order, Wn, btype, output='sos')` with `Wn = f / (fs / 2)` (which is also what
 * obspy.signal.filter designs through `iirfilter(..., ftype='butter', output='sos')`).
 *
 * Design: analog prototype p_m = -exp(i pi m / 2N), m = -N+1, -N+3, ..., N-1; frequencies pre-warped
 * with 4 tan(pi Wn / 2); lowpass/highpass/bandpass transform; bilinear transform (fs = 2); poles
 * and zeros paired into sections by scipy's zpk2sos 'nearest' rule, gain in the first section.
 * A bandpass of order N has N sections (2N poles).
 *
 * @returns row-major `n_sections x 6` matrix `[b0, b1, b2, 1, a1, a2]`.
 */
export function designButterworthSos(band: FilterBand, options: ButterworthOptions): SosMatrix {
  const { samplingRate, order = 4 } = options;
  expectPositiveFinite('samplingRate', samplingRate);
  expectPositiveInteger('order', order);
  const nyquist = samplingRate / 2;
  const normalized = (name: string, f: number): number => {
    expectPositiveFinite(name, f);
    if (f >= nyquist) throw new RangeError(`${name}: expected a frequency below Nyquist (${nyquist} Hz), got ${f}`);
    return f / nyquist;
  };
  const prototype = butterworthPrototype(order);
  if (band.type === 'lowpass') {
    return zpkToSos(bilinearTransform(lowpassTransform(prototype, prewarp(normalized('freq', band.freq)))));
  }
  if (band.type === 'highpass') {
    return zpkToSos(bilinearTransform(highpassTransform(prototype, prewarp(normalized('freq', band.freq)))));
  }
  const low = prewarp(normalized('freqmin', band.freqmin));
  const high = prewarp(normalized('freqmax', band.freqmax));
  if (!(low < high)) throw new RangeError(`freqmax: expected a frequency above freqmin (${band.freqmin}), got ${band.freqmax}`);
  return zpkToSos(bilinearTransform(bandpassTransform(prototype, Math.sqrt(low * high), high - low)));
}
