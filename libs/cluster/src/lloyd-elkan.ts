import { centreDistanceSq } from './centre-distance';
import type { RestartBuffers } from './restart-buffers';
import { residentInKernel, type RowDistance } from './row-distance';
import type { Matrix } from './validate-matrix';

/** Mutable state of one k-means run; all arrays are owned by the caller and updated in place. */
export interface ElkanState {
  /** k x dim centres, updated to the final centres: rows 0..k-1 of the kernel's centre bank. */
  centroids: Float64Array;
  /** Cluster of every row, updated to the final assignment. */
  labels: Int32Array;
  /** Upper bound on the distance of every row to its own centre. */
  upper: Float64Array;
  /**
   * nRows x k lower bounds on the distance of every row to every centre, in Float32: half the memory
   * traffic of the pass, which is memory-bound. A stored bound is rounded to nearest, so it may exceed
   * the true bound by 2^-24 relative, below the error of the float32 distances themselves.
   */
  lower: Float32Array;
}

export interface LloydResult {
  iterations: number;
  /** True when the loop stopped on unchanged labels or on the centre-shift tolerance. */
  converged: boolean;
}

/**
 * Lloyd's k-means iterations accelerated with Elkan's bounds (C. Elkan, "Using the triangle
 * inequality to accelerate k-means", ICML 2003): an upper bound u(x) on the distance to the own
 * centre a and a lower bound l(x, j) on the distance to every centre j. Centre j is skipped for row x
 * when u(x) <= max(l(x, j), |c_a - c_j| / 2); the whole row when u(x) <= min_j |c_a - c_j| / 2. After a
 * centre update u grows by the own centre's move and each l(x, j) shrinks by centre j's move. The
 * assignments equal plain Lloyd's (up to exact distance ties, and on Float32 data up to float32
 * rounding); only distance evaluations are saved.
 *
 * Stopping follows scikit-learn's `_kmeans_single_lloyd`: stop when an assignment pass changes no
 * label (not counted on the first pass) or when the summed squared centre shift is <= `tolerance`
 * (already scaled by the mean feature variance); unless stopped on unchanged labels, one more
 * assignment pass makes labels consistent with the final centres. Empty clusters are re-seeded with
 * the rows farthest from their centres, as scikit-learn's `_relocate_empty_clusters_dense`.
 *
 * Why Elkan rather than Hamerly's single lower bound: with more clusters than blobs (k = 10..15 on the
 * 6-blob benchmark data, 60-140 iterations) many rows sit near boundaries, where Hamerly's test fails
 * and costs a full k-distance scan; Elkan's per-centre bounds then need ~0.65 distances per failing
 * row at k = 12. Measured on the same loaded machine, 20 restarts at k = 15: Hamerly 35.6 s, Elkan
 * 27.6 s wall, before the lazy decay and SIMD kernel were added.
 */
export function lloydElkan(kernel: RowDistance, nRows: number, dim: number, k: number, state: ElkanState, maxIter: number, tolerance: number, buffers: RestartBuffers): LloydResult {
  const { centroids, labels } = state;
  const { sums, counts, halfGaps, nearestHalfGap } = buffers;
  sumRowsByCluster(kernel, nRows, dim, k, labels, sums, counts);
  const moves = new Float64Array(k);
  const previous = new Float64Array(k * dim);
  const drift: Drift = {
    update: 0,
    cumulative: buffers.drift.fill(0),
    cumulativeLargest: buffers.driftLargest.fill(0),
    stamp: buffers.stamp.fill(0),
    lowerMin: buffers.lowerMin,
  };
  const assignmentPass = chooseAssignmentPass(kernel, state, buffers);
  for (let i = 0; i < nRows; i++) drift.lowerMin[i] = minOtherLowerBound(state.lower, i * k, k, labels[i] as number);

  let iterations = 0;
  let converged = false;
  let stoppedOnLabels = false;
  for (let iter = 0; iter < maxIter; iter++) {
    iterations = iter + 1;
    halfGapsBetweenCentres(centroids, k, dim, halfGaps, nearestHalfGap);
    let changes = assignmentPass(kernel, nRows, dim, k, state, drift, halfGaps, nearestHalfGap, sums, counts);
    changes += relocateEmptyClusters(kernel, nRows, dim, k, state, drift, sums, counts);
    previous.set(centroids);
    const shiftSq = updateCentroids(centroids, previous, sums, counts, k, dim, moves);
    kernel.syncCentres();
    if (iter > 0 && changes === 0) {
      converged = true;
      stoppedOnLabels = true;
      break;
    }
    recordMoves(drift, moves, k);
    if (shiftSq <= tolerance) {
      converged = true;
      break;
    }
  }
  if (!stoppedOnLabels) {
    halfGapsBetweenCentres(centroids, k, dim, halfGaps, nearestHalfGap);
    assignmentPass(kernel, nRows, dim, k, state, drift, halfGaps, nearestHalfGap, sums, counts);
  }
  return { iterations, converged };
}

/**
 * Lazily applied bound decay. Instead of touching all nRows x k bounds after every centre update
 * (a memory-bound pass that cost ~17% of the run at k = 12), each row's stored bounds are valid as of
 * its `stamp`; the decay since then is the difference of the cumulative centre moves, applied only
 * when a row is visited and cannot be skipped. Sums of moves bound the net displacement (triangle
 * inequality), so the bounds are exactly those of eager Elkan updates, up to rounding in the
 * cumulative sums (~1e-16 relative).
 */
interface Drift {
  /** Number of centre updates so far. */
  update: number;
  /** cumulative[t * k + j] = sum of centre j's moves over the first t updates. */
  cumulative: Float64Array;
  /** cumulativeLargest[t] = sum over the first t updates of the largest move of any centre. */
  cumulativeLargest: Float64Array;
  /** Update count at which each row's lower bounds (and lowerMin) were last brought up to date. */
  stamp: Int32Array;
  /** min over j != own of l(x, j) as of the stamp (Hamerly's single bound, derived from Elkan's). */
  lowerMin: Float64Array;
}

function recordMoves(drift: Drift, moves: Float64Array, k: number): void {
  const from = drift.update * k;
  let largest = 0;
  for (let j = 0; j < k; j++) {
    const m = moves[j] as number;
    drift.cumulative[from + k + j] = (drift.cumulative[from + j] as number) + m;
    if (m > largest) largest = m;
  }
  drift.cumulativeLargest[drift.update + 1] = (drift.cumulativeLargest[drift.update] as number) + largest;
  drift.update++;
}

function minOtherLowerBound(lower: Float32Array, lo: number, k: number, own: number): number {
  let m = Infinity;
  for (let j = 0; j < k; j++) {
    const l = j === own ? Infinity : (lower[lo + j] as number);
    if (l < m) m = l;
  }
  return m;
}

type AssignmentPass = typeof assignmentPassJs;

/** sums[j] = sum of the rows labelled j, counts[j] = their number (wasm sumRows when resident). */
function sumRowsByCluster(kernel: RowDistance, nRows: number, dim: number, k: number, labels: Int32Array, sums: Float64Array, counts: Int32Array): void {
  const wasm = kernel.wasm;
  if (wasm !== undefined && residentInKernel(kernel, [labels, sums, counts])) {
    wasm.sumRows(nRows, dim, k, kernel.data.byteOffset, wasm.f32, labels.byteOffset, sums.byteOffset, counts.byteOffset);
    return;
  }
  sums.fill(0);
  counts.fill(0);
  for (let i = 0; i < nRows; i++) addRow(kernel.data, i, sums, labels[i] as number, dim, 1, counts);
}

/**
 * The WebAssembly pass (kmeans.wat `assign`, the same algorithm operation for operation) when the
 * kernel has one and every array it touches lives in the kernel's memory, else assignmentPassJs.
 * Measured at k = 12, 5 restarts on the 47,049 x 64 benchmark data: the JS pass plus its per-distance
 * calls into wasm took ~60% of the run; the wasm pass avoids JS bounds checks and one JS -> wasm
 * crossing per distance.
 */
function chooseAssignmentPass(kernel: RowDistance, state: ElkanState, buffers: RestartBuffers): AssignmentPass {
  const wasm = kernel.wasm;
  const resident = [kernel.centres, state.centroids, state.labels, state.upper, state.lower, buffers.stamp, buffers.lowerMin, buffers.drift, buffers.driftLargest, buffers.halfGaps, buffers.nearestHalfGap, buffers.sums, buffers.counts];
  // The pass reads centres at wasm.centresAddress: the centroids must be the first rows of the bank.
  if (wasm === undefined || !residentInKernel(kernel, resident) || state.centroids.byteOffset !== kernel.centres.byteOffset) return assignmentPassJs;
  return (_kernel, nRows, dim, k, s, drift, halfGaps, nearestHalfGap, sums, counts) =>
    wasm.assign(
      nRows, dim, k, drift.update, kernel.data.byteOffset, wasm.f32,
      s.labels.byteOffset, s.upper.byteOffset, s.lower.byteOffset, drift.stamp.byteOffset, drift.lowerMin.byteOffset,
      drift.cumulative.byteOffset, drift.cumulativeLargest.byteOffset, halfGaps.byteOffset, nearestHalfGap.byteOffset,
      sums.byteOffset, counts.byteOffset, wasm.centresAddress,
    );
}

/**
 * Assigns every row to its nearest centre, evaluating only distances the bounds cannot rule out.
 * Per row: (1) skip if u <= max(lmin, s(own)) with both bounds decayed lazily to now; (2) otherwise
 * bring the row's k lower bounds up to date (exact decay) and test again; (3) otherwise make u exact
 * and test again; (4) otherwise run Elkan's per-centre test, computing only the distances it cannot
 * rule out (after a prefilter that the wasm pass vectorises).
 */
function assignmentPassJs(
  kernel: RowDistance,
  nRows: number,
  dim: number,
  k: number,
  state: ElkanState,
  drift: Drift,
  halfGaps: Float64Array,
  nearestHalfGap: Float64Array,
  sums: Float64Array,
  counts: Int32Array,
): number {
  const { labels, upper, lower } = state;
  const x = kernel.data;
  const { cumulative, cumulativeLargest, stamp, lowerMin } = drift;
  const now = drift.update;
  const nowOffset = now * k;
  const largestNow = cumulativeLargest[now] as number;
  let changes = 0;
  for (let i = 0; i < nRows; i++) {
    const own = labels[i] as number;
    const then = stamp[i] as number;
    const ownDrift = (cumulative[nowOffset + own] as number) - (cumulative[then * k + own] as number);
    const gapOwn = nearestHalfGap[own] as number;
    const lowOwn = (lowerMin[i] as number) - (largestNow - (cumulativeLargest[then] as number));
    const rowBound = gapOwn > lowOwn ? gapOwn : lowOwn;
    const looseUpper = (upper[i] as number) + ownDrift;
    if (looseUpper <= rowBound) continue;
    // Bring the k lower bounds up to date: the exact-decay lmin is often tight enough to skip the row
    // without a distance (k subtractions instead of a dim-long distance).
    const lo = i * k;
    const thenOffset = then * k;
    let lowest = Infinity;
    for (let j = 0; j < k; j++) {
      const decayed = (lower[lo + j] as number) - ((cumulative[nowOffset + j] as number) - (cumulative[thenOffset + j] as number));
      const l = Math.fround(decayed > 0 ? decayed : 0); // the value the Float32Array keeps
      lower[lo + j] = l;
      if (j !== own && l < lowest) lowest = l;
    }
    stamp[i] = now;
    lowerMin[i] = lowest;
    const bound = gapOwn > lowest ? gapOwn : lowest;
    upper[i] = looseUpper;
    if (looseUpper <= bound) continue;
    let u = Math.sqrt(kernel.distanceSq(i, own));
    lower[lo + own] = u;
    upper[i] = u;
    if (u <= bound) continue;
    // Prefilter with the exact own distance and the own centre's gaps:
    // a centre failing it cannot be nearer than own, hence than any later best. Survivors get Elkan's
    // test with the current best and u. (The wasm pass evaluates the prefilter two centres at a time.)
    const u0 = u;
    const ownGaps = own * k;
    let best = own;
    for (let j = 0; j < k; j++) {
      if (j === own) continue; // its Float32 bound may round below u0
      const ownGap = halfGaps[ownGaps + j] as number;
      const low0 = lower[lo + j] as number;
      if (!(u0 > (ownGap > low0 ? ownGap : low0))) continue;
      const gap = halfGaps[best * k + j] as number;
      const low = lower[lo + j] as number;
      if (u <= (gap > low ? gap : low)) continue;
      const dj = Math.sqrt(kernel.distanceSq(i, j));
      lower[lo + j] = dj;
      if (dj < u) {
        best = j;
        u = dj;
      }
    }
    upper[i] = u;
    lowerMin[i] = minOtherLowerBound(lower, lo, k, best);
    if (best !== own) {
      labels[i] = best;
      addRow(x, i, sums, own, dim, -1, counts);
      addRow(x, i, sums, best, dim, 1, counts);
      changes++;
    }
  }
  return changes;
}

/** Half distances between all centres, and for each centre half the distance to its nearest other. */
function halfGapsBetweenCentres(centroids: Float64Array, k: number, dim: number, halfGaps: Float64Array, nearestHalfGap: Float64Array): void {
  nearestHalfGap.fill(Infinity);
  for (let a = 0; a < k; a++) {
    halfGaps[a * k + a] = 0;
    for (let b = a + 1; b < k; b++) {
      const half = 0.5 * Math.sqrt(centreDistanceSq(centroids, a, centroids, b, dim));
      halfGaps[a * k + b] = half;
      halfGaps[b * k + a] = half;
      if (half < (nearestHalfGap[a] as number)) nearestHalfGap[a] = half;
      if (half < (nearestHalfGap[b] as number)) nearestHalfGap[b] = half;
    }
  }
}

/**
 * Moves the farthest rows (by exact distance to their current centre) into empty clusters. Returns
 * the number of relabelled rows; their bounds are reset so the next pass recomputes them.
 */
function relocateEmptyClusters(kernel: RowDistance, nRows: number, dim: number, k: number, state: ElkanState, drift: Drift, sums: Float64Array, counts: Int32Array): number {
  const empty: number[] = [];
  for (let j = 0; j < k; j++) if (counts[j] === 0) empty.push(j);
  if (empty.length === 0) return 0;
  const { labels, upper, lower } = state;
  const x = kernel.data;
  const distance = new Float64Array(nRows);
  for (let i = 0; i < nRows; i++) distance[i] = kernel.distanceSq(i, labels[i] as number);
  const order = Array.from({ length: nRows }, (_, i) => i).sort((a, b) => (distance[b] as number) - (distance[a] as number));
  let moved = 0;
  let cursor = 0;
  for (const target of empty) {
    // A row alone in its cluster cannot move without emptying that cluster in turn.
    while (cursor < nRows && (counts[labels[order[cursor] as number] as number] as number) <= 1) cursor++;
    if (cursor >= nRows) break;
    const row = order[cursor++] as number;
    const source = labels[row] as number;
    addRow(x, row, sums, source, dim, -1, counts);
    addRow(x, row, sums, target, dim, 1, counts);
    labels[row] = target;
    upper[row] = Infinity;
    lower.fill(0, row * k, row * k + k);
    drift.lowerMin[row] = 0;
    drift.stamp[row] = drift.update;
    moved++;
  }
  return moved;
}

/** Centres from running sums; returns the total squared shift and fills each centre's move. */
function updateCentroids(centroids: Float64Array, previous: Float64Array, sums: Float64Array, counts: Int32Array, k: number, dim: number, moves: Float64Array): number {
  let shiftSq = 0;
  for (let j = 0; j < k; j++) {
    const n = counts[j] as number;
    if (n > 0) {
      const offset = j * dim;
      for (let c = 0; c < dim; c++) centroids[offset + c] = (sums[offset + c] as number) / n;
    }
    const d2 = centreDistanceSq(centroids, j, previous, j, dim);
    moves[j] = Math.sqrt(d2);
    shiftSq += d2;
  }
  return shiftSq;
}

/** sums[cluster] += sign * x[row]; counts[cluster] += sign. */
function addRow(x: Matrix, row: number, sums: Float64Array, cluster: number, dim: number, sign: 1 | -1, counts: Int32Array): void {
  const xo = row * dim;
  const so = cluster * dim;
  for (let c = 0; c < dim; c++) sums[so + c] = (sums[so + c] as number) + sign * (x[xo + c] as number);
  counts[cluster] = (counts[cluster] as number) + sign;
}
