import { clusterMeans } from './cluster-means';
import { validateScoreInput } from './validate-score-input';
import type { Matrix } from './validate-matrix';

/**
 * Calinski-Harabasz index (variance ratio criterion), ClusTremor's criterion for choosing k:
 *
 *   CH = [B / (m - 1)] / [W / (N - m)],  B = sum_j n_j |mu_j - mu|^2,  W = sum_i |x_i - mu_{l(i)}|^2
 *
 * with N rows, m distinct labels, cluster means mu_j and global mean mu; higher is better. Matches
 * sklearn.metrics.calinski_harabasz_score to ~1e-12 relative, except that W = 0 (every cluster
 * collapsed to one point) returns Infinity where scikit-learn returns 1.0, so that selectK ranks a
 * perfect partition first. Labels may be any integers; their values do not matter, only the partition.
 *
 * @throws RangeError for shape mismatch, non-finite values, all-identical rows, or fewer than 2 /
 *   more than N - 1 distinct labels.
 */
export function calinskiHarabasz(data: Matrix, nRows: number, nCols: number, labels: ArrayLike<number>): number {
  const { codes, values } = validateScoreInput(data, nRows, nCols, labels);
  const nLabels = values.length;
  const { means, sizes } = clusterMeans(data, nRows, nCols, codes, nLabels);
  const globalMean = new Float64Array(nCols);
  for (let j = 0; j < nLabels; j++) {
    for (let c = 0; c < nCols; c++) globalMean[c] = (globalMean[c] as number) + (sizes[j] as number) * (means[j * nCols + c] as number);
  }
  for (let c = 0; c < nCols; c++) globalMean[c] = (globalMean[c] as number) / nRows;
  let between = 0;
  for (let j = 0; j < nLabels; j++) {
    let d2 = 0;
    for (let c = 0; c < nCols; c++) {
      const d = (means[j * nCols + c] as number) - (globalMean[c] as number);
      d2 += d * d;
    }
    between += (sizes[j] as number) * d2;
  }
  let within = 0;
  for (let i = 0; i < nRows; i++) {
    const mo = (codes[i] as number) * nCols;
    for (let c = 0; c < nCols; c++) {
      const d = (data[i * nCols + c] as number) - (means[mo + c] as number);
      within += d * d;
    }
  }
  if (within === 0) return Infinity;
  return (between * (nRows - nLabels)) / (within * (nLabels - 1));
}
