import { confusionMatrix } from './confusion-matrix';

/**
 * Normalised mutual information with arithmetic-mean normalisation (scikit-learn's default):
 *
 *   NMI = I(A; B) / ((H(A) + H(B)) / 2),   natural logs,
 *
 * on raw label IDs (no matching needed: NMI is invariant to relabelling). Conventions as
 * sklearn.metrics.normalized_mutual_info_score: 1 when both labelings have a single class, 0 when
 * the mutual information is 0.
 */
export function normalizedMutualInfo(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const { rowLabels, columnLabels, counts } = confusionMatrix(a, b);
  const nRows = rowLabels.length;
  const nColumns = columnLabels.length;
  if (nRows === 1 && nColumns === 1) return 1;
  const n = a.length;
  const rowTotals = new Float64Array(nRows);
  const columnTotals = new Float64Array(nColumns);
  for (let r = 0; r < nRows; r++) {
    for (let c = 0; c < nColumns; c++) {
      const count = counts[r * nColumns + c] as number;
      rowTotals[r] = (rowTotals[r] as number) + count;
      columnTotals[c] = (columnTotals[c] as number) + count;
    }
  }
  let mutualInfo = 0;
  for (let r = 0; r < nRows; r++) {
    for (let c = 0; c < nColumns; c++) {
      const count = counts[r * nColumns + c] as number;
      if (count === 0) continue;
      mutualInfo += (count / n) * Math.log((count * n) / ((rowTotals[r] as number) * (columnTotals[c] as number)));
    }
  }
  mutualInfo = Math.max(mutualInfo, 0);
  if (mutualInfo === 0) return 0;
  const normaliser = (entropy(rowTotals, n) + entropy(columnTotals, n)) / 2;
  return mutualInfo / normaliser;
}

function entropy(totals: Float64Array, n: number): number {
  let h = 0;
  for (const t of totals) if (t > 0) h -= (t / n) * Math.log(t / n);
  return h;
}
