import * as cluster from '@seisdec/cluster';

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

const NAMES = ['studentTAssignment', 'targetDistribution', 'labelChangeFraction'] as const;

/** The kernels exported by @seisdec/cluster; throws naming any that are missing. */
export function defaultClusterKernels(): ClusterKernels {
  const exported = cluster as unknown as Partial<Record<(typeof NAMES)[number], unknown>>;
  const missing = NAMES.filter((name) => typeof exported[name] !== 'function');
  if (missing.length > 0) {
    throw new Error(`@seisdec/cluster does not export ${missing.join(', ')}; pass options.kernels to fineTuneDec`);
  }
  return exported as unknown as ClusterKernels;
}

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
