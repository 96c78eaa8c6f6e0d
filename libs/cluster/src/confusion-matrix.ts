import { assertSameLength, encodeLabels } from './validate-labels';

/** Contingency table between two labelings. */
export interface ConfusionMatrix {
  /** Distinct values of the first labeling (rows), ascending. */
  rowLabels: number[];
  /** Distinct values of the second labeling (columns), ascending. */
  columnLabels: number[];
  /** rowLabels.length x columnLabels.length counts, row-major: counts[r * nColumns + c]. */
  counts: Int32Array;
}

/**
 * Contingency (confusion) matrix: counts[r][c] = number of items with a = rowLabels[r] and
 * b = columnLabels[c] (sklearn.metrics.cluster.contingency_matrix(a, b)). Raw IDs, no matching.
 *
 * @param a usually the reference labels; @param b usually the cluster IDs. Integers, same length.
 */
export function confusionMatrix(a: ArrayLike<number>, b: ArrayLike<number>): ConfusionMatrix {
  assertSameLength(a, b, 'a', 'b');
  const rows = encodeLabels(a, 'a');
  const columns = encodeLabels(b, 'b');
  const nColumns = columns.values.length;
  const counts = new Int32Array(rows.values.length * nColumns);
  for (let i = 0; i < a.length; i++) {
    const cell = (rows.codes[i] as number) * nColumns + (columns.codes[i] as number);
    counts[cell] = (counts[cell] as number) + 1;
  }
  return { rowLabels: rows.values, columnLabels: columns.values, counts };
}
