import { confusionMatrix } from './confusion-matrix';

/**
 * Purity: each cluster is credited with its most frequent class,
 *
 *   purity = (1/N) sum_clusters max_class n(class, cluster),
 *
 * in (0, 1]. Not symmetric and grows with the number of clusters (1 for one item per cluster).
 *
 * @param trueLabels reference classes; @param predicted cluster IDs.
 */
export function purity(trueLabels: ArrayLike<number>, predicted: ArrayLike<number>): number {
  const { rowLabels, columnLabels, counts } = confusionMatrix(trueLabels, predicted);
  const nColumns = columnLabels.length;
  let credited = 0;
  for (let c = 0; c < nColumns; c++) {
    let best = 0;
    for (let r = 0; r < rowLabels.length; r++) best = Math.max(best, counts[r * nColumns + c] as number);
    credited += best;
  }
  return credited / trueLabels.length;
}
