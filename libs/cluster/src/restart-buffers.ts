import { localTrials } from './kmeans-plus-plus';
import type { RowDistance } from './row-distance';

/**
 * The arrays of one k-means restart, allocated once per kmeans call and reused by every restart:
 * allocating them per restart left ~nInit copies to the garbage collector (132 MiB RSS growth at
 * 200,000 x 64, k = 8, nInit = 5, against ~75 MiB needed). They are allocated through the distance
 * kernel so that, on the WebAssembly path, they live in its memory where the wasm passes read them.
 */
export interface RestartBuffers {
  /** Cluster of every row (k-means++ nearest centre, then Lloyd labels). */
  labels: Int32Array;
  /** Upper bound on the distance to the own centre (exact after seeding). */
  upper: Float64Array;
  /** nRows x k lower bounds on the distance to every centre (Float32, see ElkanState.lower). */
  lower: Float32Array;
  /** k-means++: squared distance to the nearest chosen centre. */
  nearestSq: Float64Array;
  /** k-means++: running sum of nearestSq, for drawing candidates. */
  cumulative: Float64Array;
  /** k-means++: nRows x trials squared distances to this round's candidates. */
  trialSq: Float64Array;
  /** k-means++: trials x k squared distances between this round's candidates and the chosen centres. */
  gapSq: Float64Array;
  /** k-means++: the potential each candidate would leave. */
  trialPotential: Float64Array;
  /** Elkan: update count at which each row's lower bounds were last brought up to date. */
  stamp: Int32Array;
  /** Elkan: min over other centres of the lower bounds, as of the stamp. */
  lowerMin: Float64Array;
  /** Elkan: k x dim running sums of the rows of each cluster, and k cluster sizes. */
  sums: Float64Array;
  counts: Int32Array;
  /** Elkan: k x k half distances between centres, and each centre's half distance to its nearest other. */
  halfGaps: Float64Array;
  nearestHalfGap: Float64Array;
  /** Elkan: (maxIter + 2) x k cumulative centre moves, and (maxIter + 2) cumulative largest moves. */
  drift: Float64Array;
  driftLargest: Float64Array;
}

function layout(nRows: number, k: number, dim: number, maxIter: number): Array<[keyof RestartBuffers, 'f64' | 'f32' | 'i32', number]> {
  return [
    ['labels', 'i32', nRows],
    ['upper', 'f64', nRows],
    ['lower', 'f32', nRows * k],
    ['nearestSq', 'f64', nRows],
    ['cumulative', 'f64', nRows],
    ['trialSq', 'f64', nRows * localTrials(k)],
    ['gapSq', 'f64', localTrials(k) * k],
    ['trialPotential', 'f64', localTrials(k)],
    ['stamp', 'i32', nRows],
    ['lowerMin', 'f64', nRows],
    ['sums', 'f64', k * dim],
    ['counts', 'i32', k],
    ['halfGaps', 'f64', k * k],
    ['nearestHalfGap', 'f64', k],
    ['drift', 'f64', (maxIter + 2) * k],
    ['driftLargest', 'f64', maxIter + 2],
  ];
}

/** Bytes the kernel must reserve for {@link createRestartBuffers} (16-byte aligned per array). */
export function restartBufferBytes(nRows: number, k: number, dim: number, maxIter: number): number {
  return layout(nRows, k, dim, maxIter).reduce((total, [, type, length]) => total + Math.ceil((length * (type === 'f64' ? 8 : 4)) / 16) * 16, 0);
}

export function createRestartBuffers(nRows: number, k: number, dim: number, maxIter: number, kernel: Pick<RowDistance, 'allocate'>): RestartBuffers {
  const buffers: Partial<Record<keyof RestartBuffers, Float64Array | Float32Array | Int32Array>> = {};
  for (const [name, type, length] of layout(nRows, k, dim, maxIter)) {
    buffers[name] = type === 'f64' ? kernel.allocate(Float64Array, length) : type === 'f32' ? kernel.allocate(Float32Array, length) : kernel.allocate(Int32Array, length);
  }
  return buffers as RestartBuffers;
}
