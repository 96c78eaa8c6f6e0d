import { labelChangeFraction, studentTAssignment, targetDistribution } from '@seisdec/cluster';

/**
 * The pure host-side kernels DEC needs from @seisdec/cluster (typed-array versions of the same
 * math as dec/clustering-ops.ts): refreshing Q and P over the whole data set between training
 * steps, and the convergence test. Injectable, so callers and tests can substitute them.
 */
export interface ClusterKernels {
  /** (nRows x k) Student-t soft assignment of rows of z (nRows x dim) to centroids (k x dim). */
  studentTAssignment(
    z: Float32Array | Float64Array,
    nRows: number,
    dim: number,
    centroids: Float64Array,
    k: number,
    options?: { alpha?: number },
  ): Float64Array;
  /** DEC's target distribution P from Q (nRows x k). */
  targetDistribution(q: Float64Array, nRows: number, k: number): Float64Array;
  /** Fraction of rows whose label differs between two labelings. */
  labelChangeFraction(previous: Int32Array, next: Int32Array): number;
}

/** @seisdec/cluster's implementations. */
export const DEFAULT_CLUSTER_KERNELS: ClusterKernels = { studentTAssignment, targetDistribution, labelChangeFraction };

/** Index of the largest value of each row of a (nRows x k) matrix (first one on ties). */
export function argmaxRows(q: Float32Array | Float64Array, nRows: number, k: number): Int32Array {
  const labels = new Int32Array(nRows);
  for (let i = 0; i < nRows; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (q[i * k + j]! > q[i * k + best]!) best = j;
    labels[i] = best;
  }
  return labels;
}
