import { localTrials } from './kmeans-plus-plus';

/**
 * The nRows-sized arrays of one k-means restart, allocated once per kmeans call and reused by every
 * restart: allocating them per restart left ~nInit copies to the garbage collector (132 MiB RSS growth
 * at 200,000 x 64, k = 8, nInit = 5, against ~75 MiB needed).
 */
export interface RestartBuffers {
  /** Cluster of every row (k-means++ nearest centre, then Lloyd labels). */
  labels: Int32Array;
  /** Upper bound on the distance to the own centre (exact after seeding). */
  upper: Float64Array;
  /** nRows x k lower bounds on the distance to every centre. */
  lower: Float64Array;
  /** k-means++: squared distance to the nearest chosen centre. */
  nearestSq: Float64Array;
  /** k-means++: running sum of nearestSq, for drawing candidates. */
  cumulative: Float64Array;
  /** k-means++: nRows x trials squared distances to this round's candidates. */
  trialSq: Float64Array;
  /** Elkan: update count at which each row's lower bounds were last brought up to date. */
  stamp: Int32Array;
  /** Elkan: min over other centres of the lower bounds, as of the stamp. */
  lowerMin: Float64Array;
}

export function createRestartBuffers(nRows: number, k: number): RestartBuffers {
  return {
    labels: new Int32Array(nRows),
    upper: new Float64Array(nRows),
    lower: new Float64Array(nRows * k),
    nearestSq: new Float64Array(nRows),
    cumulative: new Float64Array(nRows),
    trialSq: new Float64Array(nRows * localTrials(k)),
    stamp: new Int32Array(nRows),
    lowerMin: new Float64Array(nRows),
  };
}
