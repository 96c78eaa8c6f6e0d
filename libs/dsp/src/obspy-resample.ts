import { designObspyLowpassCheby2Sos } from './obspy-lowpass-cheby2-sos';
import { sosfilt } from './sosfilt';
import { irfft, rfft } from './internal/real-fft';
import { getWindow } from './get-window';
import type { RealArray } from './types';
import { expectMinLength, expectPositiveFinite } from './internal/validate';

export interface ObspyResampleOptions {
  readonly samplingRate: number;
  readonly targetRate: number;
  /**
   * Spectral window (obspy `window`, default 'hann'): `ifftshift(get_window(window, N))`, i.e. a
   * PERIODIC window of the full trace length centred on 0 Hz, multiplies the spectrum before
   * interpolation; `null` disables it (obspy window=None).
   */
  readonly window?: 'hann' | 'hamming' | 'boxcar' | null;
  /** obspy `no_filter` (default true): when false, obspy's Chebyshev II anti-alias lowpass at targetRate/2 runs first. */
  readonly noFilter?: boolean;
}

/**
 * obspy `Trace.resample(sampling_rate, window='hann', no_filter=True)`: FFT-domain resampling.
 *   X = rfft(x) (N = len(x)); X_k *= ifftshift(w)[k] for k <= N/2;
 *   num = floor(N / factor), factor = fs / target;
 *   the real and imaginary parts are linearly interpolated (numpy.interp, clamped at the ends)
 *   from the old bin frequencies k fs / N onto the new ones j target / num, j <= num / 2;
 *   y = irfft(Y, num) * num / N.
 * The DC and (even num) Nyquist imaginary parts are dropped as fftpack.irfft does. Output has
 * `floor(N / factor)` samples; the first output sample is at the first input sample's time.
 */
export function obspyResample(x: RealArray, options: ObspyResampleOptions): Float64Array {
  const { samplingRate, targetRate, window = 'hann', noFilter = true } = options;
  expectMinLength('x', x, 1);
  expectPositiveFinite('samplingRate', samplingRate);
  expectPositiveFinite('targetRate', targetRate);
  const npts = x.length;
  const factor = samplingRate / targetRate;
  let data: RealArray = x;
  if (!noFilter) {
    if (factor > 16) throw new RangeError(`targetRate: expected a resampling factor <= 16 with the anti-alias filter, got ${factor}`);
    data = sosfilt(designObspyLowpassCheby2Sos(targetRate / 2, samplingRate).sos, x);
  }
  const spectrum = rfft(data);
  const bins = Math.floor(npts / 2) + 1;
  if (window !== null) {
    const w = getWindow(window, npts, { symmetric: false });
    const shift = Math.floor(npts / 2);
    for (let k = 0; k < bins; k++) {
      const wk = w[(k + shift) % npts]!;
      spectrum[2 * k] = spectrum[2 * k]! * wk;
      spectrum[2 * k + 1] = spectrum[2 * k + 1]! * wk;
    }
  }
  const num = Math.max(1, Math.floor(npts / factor));
  const df = 1 / (npts / samplingRate);
  const dLargeF = targetRate / num;
  const newBins = Math.floor(num / 2) + 1;
  const resampled = new Float64Array(2 * newBins);
  for (let j = 0; j < newBins; j++) {
    const position = (dLargeF * j) / df;
    const [re, im] = interpolateBin(spectrum, bins, position, dLargeF * j, df);
    resampled[2 * j] = re;
    resampled[2 * j + 1] = im;
  }
  const y = irfft(resampled, num);
  const scale = num / npts;
  for (let i = 0; i < num; i++) y[i] = y[i]! * scale;
  return y;
}

/** numpy.interp of the real and imaginary parts at frequency f over bins k df, clamped. */
function interpolateBin(spectrum: Float64Array, bins: number, position: number, f: number, df: number): [number, number] {
  if (position <= 0) return [spectrum[0]!, spectrum[1]!];
  if (position >= bins - 1) return [spectrum[2 * (bins - 1)]!, spectrum[2 * (bins - 1) + 1]!];
  let k = Math.floor(position);
  // numpy.interp searches the grid f_k = df * k (rounded products); keep the same bracket.
  if (df * (k + 1) <= f) k += 1;
  else if (df * k > f) k -= 1;
  const f0 = df * k;
  const f1 = df * (k + 1);
  const t = (f - f0) / (f1 - f0);
  const re = spectrum[2 * k]! + t * (spectrum[2 * k + 2]! - spectrum[2 * k]!);
  const im = spectrum[2 * k + 1]! + t * (spectrum[2 * k + 3]! - spectrum[2 * k + 1]!);
  return [re, im];
}
