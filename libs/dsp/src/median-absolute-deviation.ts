import { medianInPlace } from './internal/select';
import type { RealArray } from './types';
import { expectMinLength } from './internal/validate';

export interface MedianAbsoluteDeviation {
  readonly median: number;
  /** Unscaled MAD = median(|x - median(x)|) (scipy.stats.median_abs_deviation(x, scale=1.0)). */
  readonly mad: number;
}

/**
 * Median and median absolute deviation. Medians follow numpy (mean of the two middle values for
 * an even count). No consistency constant: multiply by 1.4826 for a Gaussian-sigma estimate.
 * O(N) by quickselect (a day of 100 Hz data takes well under a second).
 */
export function medianAbsoluteDeviation(x: RealArray): MedianAbsoluteDeviation {
  expectMinLength('x', x, 1);
  const work = Float64Array.from(x);
  const median = medianInPlace(work);
  for (let i = 0; i < x.length; i++) work[i] = Math.abs(x[i]! - median);
  return { median, mad: medianInPlace(work) };
}
