import type { RealArray } from './types';
import { expectOneOf } from './internal/validate';

/** Statistics of a whole data set, fitted once (training) and applied to every window (applyDatasetNormalization). */
export type DatasetNormalization =
  | { readonly method: 'zscore'; readonly mean: number; readonly std: number; readonly count: number }
  | { readonly method: 'minmax'; readonly min: number; readonly max: number; readonly count: number };

/**
 * Fits dataset-level statistics over every value of every window (windows may differ in length):
 * zscore: mean and population std (ddof = 0) of all values pooled, merged window by window with
 * Chan et al.'s parallel update (exact in float64, no second pass, no concatenation);
 * minmax: global min and max. Equivalent to sklearn StandardScaler / MinMaxScaler fitted on the
 * pooled values as a single feature.
 */
export function fitDatasetNormalization(windows: Iterable<RealArray>, method: 'zscore' | 'minmax'): DatasetNormalization {
  expectOneOf('method', method, ['zscore', 'minmax']);
  let count = 0;
  let mean = 0;
  let m2 = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const w of windows) {
    if (w.length === 0) continue;
    let wMean = 0;
    for (let i = 0; i < w.length; i++) {
      wMean += w[i]!;
      if (w[i]! < min) min = w[i]!;
      if (w[i]! > max) max = w[i]!;
    }
    wMean /= w.length;
    let wM2 = 0;
    for (let i = 0; i < w.length; i++) wM2 += (w[i]! - wMean) ** 2;
    const total = count + w.length;
    const delta = wMean - mean;
    mean += (delta * w.length) / total;
    m2 += wM2 + (delta * delta * count * w.length) / total;
    count = total;
  }
  if (count === 0) throw new RangeError('windows: expected at least one non-empty window');
  return method === 'zscore' ? { method, mean, std: Math.sqrt(m2 / count), count } : { method, min, max, count };
}
