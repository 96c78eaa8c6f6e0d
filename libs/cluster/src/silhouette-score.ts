import { createRng } from './rng';
import { validateScoreInput } from './validate-score-input';
import type { Matrix } from './validate-matrix';

export interface SilhouetteOptions {
  /**
   * Score a uniform random subset of this many rows (without replacement), as scikit-learn's
   * `sample_size`: distances and labels are restricted to the subset. Default: all rows (exact,
   * O(N^2 d) time, O(N m) memory; about 1 s for 10,000 x 64 here).
   */
  sampleSize?: number;
  /** Seed for the subset draw. Default 0. */
  seed?: number;
}

/**
 * Mean silhouette coefficient, in [-1, 1], higher is better:
 *
 *   s(i) = (b(i) - a(i)) / max(a(i), b(i)),  a(i) = mean distance to the other rows of its cluster,
 *   b(i) = min over other clusters of the mean distance to that cluster's rows;  s(i) = 0 for singletons.
 *
 * Euclidean distances, each pair computed once. Matches sklearn.metrics.silhouette_score (exact) to
 * ~1e-12 relative; with `sampleSize` it is the same estimator but a different random subset.
 *
 * @throws RangeError for shape mismatch, non-finite values, all-identical rows, fewer than 2 / more
 *   than N - 1 distinct labels (in the subset, when sampling), or sampleSize outside [2, nRows].
 */
export function silhouetteScore(data: Matrix, nRows: number, nCols: number, labels: ArrayLike<number>, options: SilhouetteOptions = {}): number {
  const { sampleSize = nRows, seed = 0 } = options;
  validateScoreInput(data, nRows, nCols, labels);
  if (!Number.isInteger(sampleSize) || sampleSize < 2 || sampleSize > nRows) {
    throw new RangeError(`options.sampleSize: expected an integer in [2, nRows = ${nRows}], got ${sampleSize}`);
  }
  const rows = sampleSize === nRows ? Int32Array.from({ length: nRows }, (_, i) => i) : sampleRows(nRows, sampleSize, seed);
  const subsetLabels = Array.from(rows, (r) => labels[r] as number);
  const subset = gatherRows(data, nCols, rows);
  const { codes, values } = validateScoreInput(subset, rows.length, nCols, subsetLabels);
  return meanSilhouette(subset, rows.length, nCols, codes, values.length);
}

function meanSilhouette(x: Float64Array, n: number, dim: number, codes: Int32Array, m: number): number {
  const sizes = new Int32Array(m);
  for (let i = 0; i < n; i++) sizes[codes[i] as number] = (sizes[codes[i] as number] as number) + 1;
  // distanceSums[i * m + j] = sum of distances from row i to the rows of cluster j.
  const distanceSums = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const io = i * dim;
    const ci = codes[i] as number;
    for (let j = i + 1; j < n; j++) {
      const jo = j * dim;
      let d2 = 0;
      for (let c = 0; c < dim; c++) {
        const d = (x[io + c] as number) - (x[jo + c] as number);
        d2 += d * d;
      }
      const distance = Math.sqrt(d2);
      distanceSums[i * m + (codes[j] as number)] = (distanceSums[i * m + (codes[j] as number)] as number) + distance;
      distanceSums[j * m + ci] = (distanceSums[j * m + ci] as number) + distance;
    }
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const own = codes[i] as number;
    const ownSize = sizes[own] as number;
    if (ownSize <= 1) continue;
    const a = (distanceSums[i * m + own] as number) / (ownSize - 1);
    let b = Infinity;
    for (let j = 0; j < m; j++) {
      if (j === own) continue;
      const meanDistance = (distanceSums[i * m + j] as number) / (sizes[j] as number);
      if (meanDistance < b) b = meanDistance;
    }
    const denominator = Math.max(a, b);
    total += denominator > 0 ? (b - a) / denominator : 0;
  }
  return total / n;
}

/** Partial Fisher-Yates: `size` distinct row indices, uniformly, in draw order. */
function sampleRows(nRows: number, size: number, seed: number): Int32Array {
  const rng = createRng(seed);
  const pool = Int32Array.from({ length: nRows }, (_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = i + rng.nextInt(nRows - i);
    const tmp = pool[i] as number;
    pool[i] = pool[j] as number;
    pool[j] = tmp;
  }
  return pool.slice(0, size);
}

function gatherRows(data: Matrix, nCols: number, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length * nCols);
  rows.forEach((r, i) => out.set(data.subarray(r * nCols, r * nCols + nCols), i * nCols));
  return out;
}
