import type { RealArray } from './types';
import { expectMinLength } from './internal/validate';

/**
 * Removes the least-squares straight line a + b t (t = sample index), as
 * `scipy.signal.detrend(x, type='linear')` and obspy `detrend('linear')`.
 * Closed form with centred time t' = t - (N-1)/2 (keeps the normal equations well conditioned for
 * day-long traces): b = sum t' (x - mean) / sum t'^2, a = mean; sum t'^2 = N (N^2 - 1) / 12.
 */
export function detrendLinear(x: RealArray): Float64Array {
  expectMinLength('x', x, 1);
  const n = x.length;
  const centre = (n - 1) / 2;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i]!;
  mean /= n;
  let cross = 0;
  for (let i = 0; i < n; i++) cross += (i - centre) * (x[i]! - mean);
  const sumSquares = (n * (n * n - 1)) / 12;
  const slope = n > 1 ? cross / sumSquares : 0;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = x[i]! - mean - slope * (i - centre);
  return y;
}
