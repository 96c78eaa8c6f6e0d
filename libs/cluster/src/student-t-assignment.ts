import { validateMatrix, type Matrix } from './validate-matrix';

export interface StudentTOptions {
  /** Degrees of freedom of the Student-t kernel. Default 1 (as in DEC). */
  alpha?: number;
}

/**
 * DEC soft assignment (Xie, Girshick & Farhadi 2016, eq. 1): for embedded row z_i and centroid mu_j,
 *
 *   q_ij = (1 + |z_i - mu_j|^2 / alpha)^(-(alpha + 1) / 2) / sum_j' (1 + |z_i - mu_j'|^2 / alpha)^(-(alpha + 1) / 2)
 *
 * Computed in log space relative to each row's nearest centroid, so rows far from every centroid
 * (where every kernel value underflows to 0) still get a well-defined distribution; a row whose
 * squared distances all overflow to Infinity gets the uniform distribution (the limit of q as the
 * row moves away from fixed centroids).
 *
 * @param z nRows x dim embeddings, row-major.
 * @param centroids k x dim centroids, row-major.
 * @returns nRows x k row-major; every row sums to 1.
 */
export function studentTAssignment(z: Matrix, nRows: number, dim: number, centroids: Float64Array, k: number, options: StudentTOptions = {}): Float64Array {
  const { alpha = 1 } = options;
  validateMatrix(z, nRows, dim, 'z');
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k: expected a positive integer, got ${k}`);
  validateMatrix(centroids, k, dim, 'centroids');
  if (!Number.isFinite(alpha) || alpha <= 0) throw new RangeError(`options.alpha: expected a finite number > 0, got ${alpha}`);
  const exponent = -(alpha + 1) / 2;
  const q = new Float64Array(nRows * k);
  const logKernel = new Float64Array(k);
  for (let i = 0; i < nRows; i++) {
    let largest = -Infinity;
    for (let j = 0; j < k; j++) {
      let d2 = 0;
      for (let c = 0; c < dim; c++) {
        const d = (z[i * dim + c] as number) - (centroids[j * dim + c] as number);
        d2 += d * d;
      }
      const value = exponent * Math.log1p(d2 / alpha);
      logKernel[j] = value;
      if (value > largest) largest = value;
    }
    if (largest === -Infinity) {
      q.fill(1 / k, i * k, i * k + k);
      continue;
    }
    let total = 0;
    for (let j = 0; j < k; j++) {
      const value = Math.exp((logKernel[j] as number) - largest);
      q[i * k + j] = value;
      total += value;
    }
    for (let j = 0; j < k; j++) q[i * k + j] = (q[i * k + j] as number) / total;
  }
  return q;
}
