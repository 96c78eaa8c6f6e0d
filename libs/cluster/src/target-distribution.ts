import { validateDistribution } from './validate-distribution';

/**
 * DEC auxiliary target distribution (Xie et al. 2016, eq. 3): squares q and divides by the soft
 * cluster frequency f_j = sum_i q_ij, which sharpens confident assignments and keeps large clusters
 * from absorbing everything:
 *
 *   p_ij = (q_ij^2 / f_j) / sum_j' (q_ij'^2 / f_j')
 *
 * A cluster with f_j = 0 gets p_ij = 0. A row whose q is all zero is returned as all zeros.
 *
 * @param q nRows x k row-major soft assignments (e.g. from studentTAssignment).
 * @returns nRows x k row-major; every row of a valid q sums to 1.
 */
export function targetDistribution(q: Float64Array, nRows: number, k: number): Float64Array {
  validateDistribution(q, nRows, k, 'q');
  const frequency = new Float64Array(k);
  for (let i = 0; i < nRows; i++) for (let j = 0; j < k; j++) frequency[j] = (frequency[j] as number) + (q[i * k + j] as number);
  const p = new Float64Array(nRows * k);
  for (let i = 0; i < nRows; i++) {
    let total = 0;
    for (let j = 0; j < k; j++) {
      const f = frequency[j] as number;
      const qij = q[i * k + j] as number;
      const weight = f > 0 ? (qij * qij) / f : 0;
      p[i * k + j] = weight;
      total += weight;
    }
    if (total > 0) for (let j = 0; j < k; j++) p[i * k + j] = (p[i * k + j] as number) / total;
  }
  return p;
}
