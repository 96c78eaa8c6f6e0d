import { confusionMatrix } from './confusion-matrix';

/**
 * Adjusted Rand index (Hubert & Arabie 1985) on raw label IDs, via scikit-learn's pair-confusion form:
 *
 *   ARI = 2 (tp tn - fn fp) / ((tp + fn)(fn + tn) + (tp + fp)(fp + tn)),
 *
 * with tp, fp, fn, tn the ordered-pair counts. Counts and products are exact (BigInt: the products
 * reach N^4, past 2^53 already for N > ~9,500), so the only rounding is the final conversion and
 * division (~1e-16 relative), even where tp tn and fn fp nearly cancel. 1 for identical partitions (including
 * the degenerate fn = fp = 0 case), ~0 for random ones, may be negative.
 */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const { rowLabels, columnLabels, counts } = confusionMatrix(a, b);
  const nColumns = columnLabels.length;
  const n = BigInt(a.length);
  const rowTotals = new Array<bigint>(rowLabels.length).fill(0n);
  const columnTotals = new Array<bigint>(nColumns).fill(0n);
  let sumSquares = 0n;
  for (let r = 0; r < rowLabels.length; r++) {
    for (let c = 0; c < nColumns; c++) {
      const count = BigInt(counts[r * nColumns + c] as number);
      rowTotals[r] = (rowTotals[r] as bigint) + count;
      columnTotals[c] = (columnTotals[c] as bigint) + count;
      sumSquares += count * count;
    }
  }
  const sumRowSquares = rowTotals.reduce((s, t) => s + t * t, 0n);
  const sumColumnSquares = columnTotals.reduce((s, t) => s + t * t, 0n);
  const tp = sumSquares - n;
  const fp = sumColumnSquares - sumSquares;
  const fn = sumRowSquares - sumSquares;
  const tn = n * n - fp - fn - sumSquares;
  if (fn === 0n && fp === 0n) return 1;
  const numerator = 2n * (tp * tn - fn * fp);
  const denominator = (tp + fn) * (fn + tn) + (tp + fp) * (fp + tn);
  return Number(numerator) / Number(denominator);
}
