import { assertLabelCountForScores, encodeLabels, type EncodedLabels } from './validate-labels';
import { assertNotConstant, validateMatrix, type Matrix } from './validate-matrix';

/** Shared entry validation of the internal scores (CH, silhouette, DB): matrix, labels, label count. */
export function validateScoreInput(data: Matrix, nRows: number, nCols: number, labels: ArrayLike<number>): EncodedLabels {
  validateMatrix(data, nRows, nCols);
  const encoded = encodeLabels(labels, 'labels', nRows);
  assertLabelCountForScores(encoded.values.length, nRows);
  assertNotConstant(data, nRows, nCols);
  return encoded;
}
