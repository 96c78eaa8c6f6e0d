import type { Rng } from './rng';
import { centreDistanceSq } from './centre-distance';
import type { RestartBuffers } from './restart-buffers';
import { residentInKernel, type RowDistance } from './row-distance';
import type { Matrix } from './validate-matrix';

/** Seeding produced by {@link kmeansPlusPlus}; the bounds let Elkan's iterations start without a full pass. */
export interface KmeansPlusPlusSeeding {
  /** k x dim initial centres (copies of data rows): a view of the first k rows of kernel.centres. */
  centroids: Float64Array;
  /** Index of the nearest chosen centre for every row. */
  nearest: Int32Array;
  /** Exact Euclidean distance of every row to its nearest centre. */
  nearestDistance: Float64Array;
  /** nRows x k lower bounds on the distance of every row to every centre (exact where computed, Float32). */
  lowerBounds: Float32Array;
}

/**
 * Greedy k-means++ seeding, as scikit-learn's `_kmeans_plusplus`: the first centre is a uniformly
 * drawn row; each next centre is the best (lowest resulting potential sum_i min_j |x_i - c_j|^2) of
 * `2 + floor(ln k)` candidates drawn with probability proportional to the current squared distance
 * D(x)^2 (inverse-CDF on the running sum, numpy searchsorted 'left' semantics, clipped to the last row).
 *
 * Hand-written for speed, with the same result as the plain algorithm:
 * - all candidates of a round are evaluated in ONE pass over the data (row outer, candidate inner), so
 *   each row is read from memory once per round instead of once per candidate (the pass is
 *   memory-bound at 47k x 64);
 * - a candidate c cannot improve a row x whose nearest centre is j when |c - c_j| >= 2 D(x)
 *   (|c - x| >= |c - c_j| - D(x) >= D(x)), so that distance is skipped; the skipped bound still
 *   feeds Elkan's lower bound l(x, c) >= |c - c_j| - D(x).
 *
 * @throws RangeError when the data has fewer than k distinct rows (the potential reaches 0 early).
 */
export function kmeansPlusPlus(kernel: RowDistance, nRows: number, dim: number, k: number, rng: Rng, buffers: RestartBuffers): KmeansPlusPlusSeeding {
  const trials = localTrials(k);
  const x = kernel.data;
  // Centres in rows 0..k-1 of the kernel's bank, this round's candidates in rows k..k+trials-1.
  const bank = kernel.centres;
  const centroids = bank.subarray(0, k * dim);
  // Every entry of these is written before it is read (lowerBounds column c in round c).
  const { labels: nearest, nearestSq, lower: lowerBounds, cumulative, trialSq, gapSq, trialPotential } = buffers; // trialSq[i * trials + t]
  const passes = chooseSeedingPasses(kernel, buffers);
  const candidateRows = new Int32Array(trials);

  copyRow(x, rng.nextInt(nRows), centroids, 0, dim);
  kernel.syncCentres();
  let potential = passes.first(kernel, nRows, dim, k, buffers);

  for (let c = 1; c < k; c++) {
    if (!(potential > 0)) {
      throw new RangeError(`data: only ${c} distinct rows found while seeding; k = ${k} needs at least k distinct rows`);
    }
    drawCandidates(nearestSq, cumulative, potential, rng, candidateRows);
    for (let t = 0; t < trials; t++) {
      copyRow(x, candidateRows[t] as number, bank, k + t, dim);
      for (let j = 0; j < c; j++) gapSq[t * k + j] = centreDistanceSq(bank, k + t, bank, j, dim);
    }
    kernel.syncCentres();
    trialPotential.fill(0);
    passes.trials(kernel, nRows, dim, k, trials, buffers);
    let best = 0;
    for (let t = 1; t < trials; t++) if ((trialPotential[t] as number) < (trialPotential[best] as number)) best = t;
    bank.copyWithin(c * dim, (k + best) * dim, (k + best + 1) * dim);
    kernel.syncCentres();
    // Same pruning predicate as in the pass, so exactly the entries written for `best` are read.
    for (let i = 0; i < nRows; i++) {
      const current = nearestSq[i] as number;
      const gap = gapSq[best * k + (nearest[i] as number)] as number;
      if (gap >= 4 * current) {
        lowerBounds[i * k + c] = Math.sqrt(gap) - Math.sqrt(current);
        continue;
      }
      const d2 = trialSq[i * trials + best] as number;
      lowerBounds[i * k + c] = Math.sqrt(d2);
      if (d2 < current) {
        nearestSq[i] = d2;
        nearest[i] = c;
      }
    }
    potential = trialPotential[best] as number;
  }

  const nearestDistance = buffers.upper;
  for (let i = 0; i < nRows; i++) nearestDistance[i] = Math.sqrt(nearestSq[i] as number);
  return { centroids, nearest, nearestDistance, lowerBounds };
}

interface SeedingPasses {
  /** Distances to centre 0: fills nearest (0), nearestSq and lower column 0; returns the potential. */
  first(kernel: RowDistance, nRows: number, dim: number, k: number, buffers: RestartBuffers): number;
  /** One round's candidate pass: trialSq where not pruned, and trialPotential (zeroed by the caller). */
  trials(kernel: RowDistance, nRows: number, dim: number, k: number, trials: number, buffers: RestartBuffers): void;
}

/**
 * The WebAssembly twins (kmeans.wat seedFirst / seedTrials) when every array is in the kernel's
 * memory, else the JS passes below. Measured on the 47,049 x 64 benchmark data, k = 2, 20 restarts:
 * the JS passes' per-distance calls into wasm were about a third of the run.
 */
function chooseSeedingPasses(kernel: RowDistance, buffers: RestartBuffers): SeedingPasses {
  const wasm = kernel.wasm;
  const { labels, nearestSq, lower, trialSq, gapSq, trialPotential } = buffers;
  if (wasm === undefined || !residentInKernel(kernel, [kernel.centres, labels, nearestSq, lower, trialSq, gapSq, trialPotential])) return jsSeedingPasses;
  const x = kernel.data.byteOffset;
  return {
    first: (_kernel, nRows, dim, k) => wasm.seedFirst(nRows, dim, k, x, wasm.f32, wasm.centresAddress, labels.byteOffset, nearestSq.byteOffset, lower.byteOffset),
    trials: (_kernel, nRows, dim, k, trials) =>
      wasm.seedTrials(nRows, dim, k, trials, x, wasm.f32, wasm.centresAddress, labels.byteOffset, nearestSq.byteOffset, gapSq.byteOffset, trialSq.byteOffset, trialPotential.byteOffset),
  };
}

const jsSeedingPasses: SeedingPasses = {
  first(kernel, nRows, _dim, k, { labels: nearest, nearestSq, lower }) {
    let potential = 0;
    for (let i = 0; i < nRows; i++) {
      const d2 = kernel.distanceSq(i, 0);
      nearest[i] = 0;
      nearestSq[i] = d2;
      lower[i * k] = Math.sqrt(d2);
      potential += d2;
    }
    return potential;
  },
  trials(kernel, nRows, _dim, k, trials, { labels: nearest, nearestSq, gapSq, trialSq, trialPotential }) {
    for (let i = 0; i < nRows; i++) {
      const current = nearestSq[i] as number;
      const own = nearest[i] as number;
      const limit = 4 * current;
      for (let t = 0; t < trials; t++) {
        if ((gapSq[t * k + own] as number) >= limit) {
          trialPotential[t] = (trialPotential[t] as number) + current;
          continue;
        }
        const d2 = kernel.distanceSq(i, k + t);
        trialSq[i * trials + t] = d2;
        trialPotential[t] = (trialPotential[t] as number) + (d2 < current ? d2 : current);
      }
    }
  },
};

/** scikit-learn's number of local trials per centre: 2 + floor(ln k). */
export function localTrials(k: number): number {
  return 2 + Math.floor(Math.log(k));
}

/** Draws candidate rows with probability proportional to nearestSq (sklearn's searchsorted on the cumsum). */
function drawCandidates(nearestSq: Float64Array, cumulative: Float64Array, potential: number, rng: Rng, out: Int32Array): void {
  let running = 0;
  for (let i = 0; i < nearestSq.length; i++) {
    running += nearestSq[i] as number;
    cumulative[i] = running;
  }
  for (let t = 0; t < out.length; t++) out[t] = Math.min(searchSortedLeft(cumulative, rng.nextFloat() * potential), nearestSq.length - 1);
}

function copyRow(source: Matrix, row: number, target: Float64Array, targetRow: number, dim: number): void {
  for (let c = 0; c < dim; c++) target[targetRow * dim + c] = source[row * dim + c] as number;
}

/** First index i with sorted[i] >= value (numpy.searchsorted side='left'); sorted.length if none. */
function searchSortedLeft(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
