import type { DatasetNormalization } from './fit-dataset-normalization';
import type { RealArray } from './types';

/**
 * Applies fitted dataset statistics to one window: (x - mean) / std or (x - min) / (max - min).
 * A zero spread (constant data set) maps to zeros rather than NaN. Float32 out.
 */
export function applyDatasetNormalization(x: RealArray, stats: DatasetNormalization): Float32Array {
  const offset = stats.method === 'zscore' ? stats.mean : stats.min;
  const spread = stats.method === 'zscore' ? stats.std : stats.max - stats.min;
  const out = new Float32Array(x.length);
  if (!(spread > 0)) return out;
  const inverse = 1 / spread;
  for (let i = 0; i < x.length; i++) out[i] = (x[i]! - offset) * inverse;
  return out;
}
