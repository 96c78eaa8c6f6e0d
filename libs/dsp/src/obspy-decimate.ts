import { designObspyLowpassCheby2Sos } from './obspy-lowpass-cheby2-sos';
import { sosfilt } from './sosfilt';
import type { RealArray } from './types';
import { expectInRange, expectMinLength, expectPositiveFinite, expectPositiveInteger } from './internal/validate';

export interface ObspyDecimateOptions {
  readonly samplingRate: number;
  /** Integer decimation factor (2..16 with the filter, as obspy). */
  readonly factor: number;
  /** obspy `no_filter` (default false): skip the anti-alias lowpass. */
  readonly noFilter?: boolean;
}

/**
 * Anti-aliased integer decimation, obspy `Trace.decimate(factor)`:
 *   y = sosfilt(cheby2_lowpass(fs / (2 factor)), x)[::factor]
 * The lowpass is obspy's causal Chebyshev II (96 dB stopband from the new Nyquist, order <= 12,
 * see designObspyLowpassCheby2Sos), so the output is delayed by the filter's group delay (obspy
 * does the same). Output has ceil(N / factor) samples, the first one at x[0].
 */
export function obspyDecimate(x: RealArray, options: ObspyDecimateOptions): Float64Array {
  const { samplingRate, factor, noFilter = false } = options;
  expectMinLength('x', x, 1);
  expectPositiveFinite('samplingRate', samplingRate);
  expectPositiveInteger('factor', factor);
  let filtered: RealArray = x;
  if (!noFilter) {
    expectInRange('factor', factor, 1, 16);
    filtered = sosfilt(designObspyLowpassCheby2Sos((samplingRate * 0.5) / factor, samplingRate).sos, x);
  }
  const out = new Float64Array(Math.ceil(x.length / factor));
  for (let i = 0; i < out.length; i++) out[i] = filtered[i * factor]!;
  return out;
}
