import type { RealArray } from './types';
import { expectMinLength } from './internal/validate';

/**
 * Removes the mean: y[i] = x[i] - (1/N) sum x (obspy `detrend('demean')`). The mean is accumulated
 * in float64 with pairwise-free Kahan-style compensation so a day of large counts stays exact.
 */
export function demean(x: RealArray): Float64Array {
  expectMinLength('x', x, 1);
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < x.length; i++) {
    const term = x[i]! - compensation;
    const next = sum + term;
    compensation = next - sum - term;
    sum = next;
  }
  const mean = sum / x.length;
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = x[i]! - mean;
  return y;
}
