import type { RealArray } from './types';
import { expectMinLength, expectOneOf, expectPositiveFinite } from './internal/validate';

export interface NormalizeWindowOptions {
  /** 'zscore': (x - mean) / std (population std, ddof = 0); 'minmax': (x - min) / (max - min). */
  readonly method: 'zscore' | 'minmax';
  /** A spread (std or max - min) below this counts as constant and maps the window to zeros. Default 1e-12. */
  readonly epsilon?: number;
}

/**
 * Per-window normalisation of one spectrogram (or any array), statistics over all its values,
 * accumulated in float64. zscore equals (x - x.mean()) / x.std(); minmax equals
 * (x - x.min()) / (x.max() - x.min()) (sklearn MinMaxScaler on the flattened window). Float32 out.
 */
export function normalizeWindow(x: RealArray, options: NormalizeWindowOptions): Float32Array {
  const { method, epsilon = 1e-12 } = options;
  expectOneOf('method', method, ['zscore', 'minmax']);
  expectPositiveFinite('epsilon', epsilon);
  expectMinLength('x', x, 1);
  const n = x.length;
  let offset: number;
  let spread: number;
  if (method === 'zscore') {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += x[i]!;
    mean /= n;
    let variance = 0;
    for (let i = 0; i < n; i++) variance += (x[i]! - mean) ** 2;
    offset = mean;
    spread = Math.sqrt(variance / n);
  } else {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      if (x[i]! < min) min = x[i]!;
      if (x[i]! > max) max = x[i]!;
    }
    offset = min;
    spread = max - min;
  }
  const out = new Float32Array(n);
  if (spread < epsilon) return out;
  for (let i = 0; i < n; i++) out[i] = (x[i]! - offset) / spread;
  return out;
}
