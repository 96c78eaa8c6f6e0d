import { clusterMeans } from './cluster-means';
import { validateScoreInput } from './validate-score-input';
import type { Matrix } from './validate-matrix';

/**
 * Davies-Bouldin index; lower is better:
 *
 *   DB = (1/m) sum_i max_{j != i} (s_i + s_j) / |mu_i - mu_j|,  s_i = mean_{x in i} |x - mu_i|
 *
 * Matches sklearn.metrics.davies_bouldin_score, including its conventions: 0 when all s_i are ~0 or
 * all centroid distances are ~0 (numpy.allclose), and coincident centroid pairs (distance 0) ignored.
 *
 * @throws RangeError for shape mismatch, non-finite values, all-identical rows, or fewer than 2 /
 *   more than N - 1 distinct labels.
 */
export function daviesBouldin(data: Matrix, nRows: number, nCols: number, labels: ArrayLike<number>): number {
  const { codes, values } = validateScoreInput(data, nRows, nCols, labels);
  const m = values.length;
  const { means, sizes } = clusterMeans(data, nRows, nCols, codes, m);
  const scatter = new Float64Array(m);
  for (let i = 0; i < nRows; i++) {
    const code = codes[i] as number;
    let d2 = 0;
    for (let c = 0; c < nCols; c++) {
      const d = (data[i * nCols + c] as number) - (means[code * nCols + c] as number);
      d2 += d * d;
    }
    scatter[code] = (scatter[code] as number) + Math.sqrt(d2);
  }
  for (let j = 0; j < m; j++) scatter[j] = (scatter[j] as number) / (sizes[j] as number);

  const separation = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      let d2 = 0;
      for (let c = 0; c < nCols; c++) {
        const d = (means[a * nCols + c] as number) - (means[b * nCols + c] as number);
        d2 += d * d;
      }
      separation[a * m + b] = separation[b * m + a] = Math.sqrt(d2);
    }
  }
  if (allCloseToZero(scatter) || allCloseToZero(separation)) return 0;
  let total = 0;
  for (let a = 0; a < m; a++) {
    let worst = 0;
    for (let b = 0; b < m; b++) {
      const gap = separation[a * m + b] as number;
      if (b === a || gap === 0) continue;
      const ratio = ((scatter[a] as number) + (scatter[b] as number)) / gap;
      if (ratio > worst) worst = ratio;
    }
    total += worst;
  }
  return total / m;
}

/** numpy.allclose(values, 0) with its default atol = 1e-8. */
function allCloseToZero(values: Float64Array): boolean {
  return values.every((v) => Math.abs(v) <= 1e-8);
}
