import { medianFilter1d } from './internal/median-filter-1d';
import type { RealArray } from './types';
import { expectPositiveInteger, expectShape } from './internal/validate';

export interface HpssOptions {
  readonly nFreq: number;
  readonly nTime: number;
  /** Median kernel lengths: one number for both, or [harmonic (along time), percussive (along frequency)]. Default 31. */
  readonly kernelSize?: number | readonly [number, number];
  /** Soft-mask exponent (librosa `power`); Infinity gives the hard (binary) mask. Default 2. */
  readonly power?: number;
  /** Separation margin(s) >= 1, one number or [harmonic, percussive]. Default 1. */
  readonly margin?: number | readonly [number, number];
  /** Return the masks instead of the masked spectrograms (librosa `mask=True`). Default false. */
  readonly mask?: boolean;
}

export interface HpssResult {
  readonly harmonic: Float64Array;
  readonly percussive: Float64Array;
}

/**
 * Median-filter harmonic/percussive separation, librosa.decompose.hpss(S, kernel_size, power, mask,
 * margin) on a non-negative magnitude (or power) spectrogram S, row-major (nFreq x nTime):
 *   H = median_filter(S, size=(1, kernel_harm), mode='reflect')   (along time: steady, tremor-like)
 *   P = median_filter(S, size=(kernel_perc, 1), mode='reflect')   (along frequency: impulsive, earthquakes)
 *   mask_H = softmask(H, margin_harm * P, power), mask_P = softmask(P, margin_perc * H, power)
 *   softmask(X, R, p) = X^p / (X^p + R^p), computed as (X/Z)^p / ((X/Z)^p + (R/Z)^p), Z = max(X, R);
 *   where Z < tiny(float64) the mask is 0.5 if both margins are 1 (split_zeros) else 0.
 * Returns (S * mask_H, S * mask_P), or the masks when `mask` is true. ClusTremor keeps the harmonic
 * part to suppress earthquakes in tremor spectrograms. Float64 throughout (librosa keeps S's dtype).
 */
export function hpss(spectrogramValues: RealArray, options: HpssOptions): HpssResult {
  const { nFreq, nTime, kernelSize = 31, power = 2, margin = 1, mask = false } = options;
  expectPositiveInteger('nFreq', nFreq);
  expectPositiveInteger('nTime', nTime);
  expectShape('spectrogram', spectrogramValues, nFreq * nTime, `${nFreq} x ${nTime}`);
  const [kernelHarm, kernelPerc] = typeof kernelSize === 'number' ? [kernelSize, kernelSize] : kernelSize;
  const [marginHarm, marginPerc] = typeof margin === 'number' ? [margin, margin] : margin;
  expectPositiveInteger('kernelSize[0] (harmonic)', kernelHarm);
  expectPositiveInteger('kernelSize[1] (percussive)', kernelPerc);
  if (!(power > 0)) throw new RangeError(`power: expected a positive number (Infinity for a hard mask), got ${power}`);
  if (!(marginHarm >= 1) || !(marginPerc >= 1)) throw new RangeError(`margin: expected values >= 1, got ${marginHarm}, ${marginPerc}`);
  for (let i = 0; i < spectrogramValues.length; i++) {
    if (!(spectrogramValues[i]! >= 0)) throw new RangeError(`spectrogram: expected non-negative magnitudes, got ${spectrogramValues[i]} at index ${i}`);
  }
  const harm = new Float64Array(nFreq * nTime);
  const perc = new Float64Array(nFreq * nTime);
  for (let f = 0; f < nFreq; f++) medianFilter1d(spectrogramValues, f * nTime, 1, nTime, kernelHarm, harm, f * nTime, 1);
  for (let t = 0; t < nTime; t++) medianFilter1d(spectrogramValues, t, nTime, nFreq, kernelPerc, perc, t, nTime);
  const splitZeros = marginHarm === 1 && marginPerc === 1;
  const harmonic = new Float64Array(nFreq * nTime);
  const percussive = new Float64Array(nFreq * nTime);
  for (let i = 0; i < harmonic.length; i++) {
    const maskH = softmask(harm[i]!, perc[i]! * marginHarm, power, splitZeros);
    const maskP = softmask(perc[i]!, harm[i]! * marginPerc, power, splitZeros);
    harmonic[i] = mask ? maskH : spectrogramValues[i]! * maskH;
    percussive[i] = mask ? maskP : spectrogramValues[i]! * maskP;
  }
  return { harmonic, percussive };
}

const TINY = 2.2250738585072014e-308;

/** librosa.util.softmask for one element (float64). */
function softmask(x: number, ref: number, power: number, splitZeros: boolean): number {
  if (!Number.isFinite(power)) return x > ref ? 1 : 0;
  const z = Math.max(x, ref);
  if (z < TINY) return splitZeros ? 0.5 : 0;
  const m = (x / z) ** power;
  const r = (ref / z) ** power;
  return m / (m + r);
}
