import { confusionMatrix } from './confusion-matrix';
import { hungarianAssignment } from './hungarian';

/**
 * Unsupervised clustering accuracy (as in the DEC paper): the fraction of items correctly labelled
 * under the best one-to-one mapping of cluster IDs to classes,
 *
 *   ACC = max_m (1/N) sum_i 1{ trueLabels_i = m(predicted_i) },
 *
 * with the mapping m found by the Hungarian method on the confusion matrix (padded to square when the
 * numbers of classes and clusters differ; unmatched clusters count as wrong).
 */
export function clusteringAccuracy(trueLabels: ArrayLike<number>, predicted: ArrayLike<number>): number {
  const { rowLabels, columnLabels, counts } = confusionMatrixNamed(trueLabels, predicted);
  const nRows = rowLabels.length;
  const nColumns = columnLabels.length;
  const n = Math.max(nRows, nColumns);
  let largest = 0;
  for (const c of counts) if (c > largest) largest = c;
  // Maximise matched counts = minimise (largest - count); padding cells cost `largest` (count 0).
  const cost = new Float64Array(n * n).fill(largest);
  for (let r = 0; r < nRows; r++) for (let c = 0; c < nColumns; c++) cost[r * n + c] = largest - (counts[r * nColumns + c] as number);
  const assignment = hungarianAssignment(cost, n);
  let matched = 0;
  for (let r = 0; r < nRows; r++) {
    const c = assignment[r] as number;
    if (c < nColumns) matched += counts[r * nColumns + c] as number;
  }
  return matched / trueLabels.length;
}

function confusionMatrixNamed(trueLabels: ArrayLike<number>, predicted: ArrayLike<number>): ReturnType<typeof confusionMatrix> {
  try {
    return confusionMatrix(trueLabels, predicted);
  } catch (error) {
    if (error instanceof Error) {
      error.message = error.message.replace(/^a and b/, 'trueLabels and predicted').replace(/^a:/, 'trueLabels:').replace(/^b:/, 'predicted:');
    }
    throw error;
  }
}
