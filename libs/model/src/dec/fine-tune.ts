import * as tf from '@tensorflow/tfjs';
import { kmeans } from '@seisdec/cluster';
import type { BlobStore } from '@seisdec/store';
import type { Autoencoder } from '../architecture/build-autoencoder';
import { sampleLength, type SampleSource } from '../data/sample-source';
import { checkpointDirectoryKey, CheckpointError, loadCheckpoint, saveCheckpoint } from '../training/checkpoint';
import { Optimizer, type OptimizerConfig, type OptimizerConfigInput } from '../training/optimizer';
import { embed } from '../training/predict';
import { deriveSeed, SeededRng } from '../training/rng';
import { klDivergenceLoss, softAssignment } from './clustering-ops';
import { argmaxRows, DEFAULT_CLUSTER_KERNELS, type ClusterKernels } from './cluster-kernels';

export interface DecOptions {
  /** Number of clusters. */
  k: number;
  /** 'dec': loss KL(P||Q), encoder + centres trained. 'idec': gamma KL + reconstruction MSE, whole autoencoder. Default 'idec'. */
  mode?: 'dec' | 'idec';
  /** Weight of the KL term in IDEC (>= 0). Default 0.1 (ClusTremor). */
  gamma?: number;
  /** Degrees of freedom of the Student-t kernel. Default 1. */
  alpha?: number;
  /** Default 32. */
  batchSize?: number;
  /** Recompute Q and the target P over the whole data set every this many steps. Default 200. */
  updateInterval?: number;
  /** Stop when the fraction of labels changed between two refreshes is below tol. Default 1e-4. */
  tol?: number;
  /** Maximum number of training steps (mini-batches). Default 20000. */
  maxIter?: number;
  /** Default SGD, learning rate 0.01, momentum 0.9 (ClusTremor). */
  optimizer?: OptimizerConfigInput;
  /** Seed of the batch order and of k-means. Default 0. */
  seed?: number;
  /** k x latentDim starting centres; default: k-means (nInit restarts) on the initial embeddings. */
  initialCentroids?: Float64Array | Float32Array;
  /** k-means restarts when initialCentroids is not given. Default 20 (as in DEC). */
  kmeansInit?: number;
  /** Chunk size of the whole-data-set passes (memory bound only). Default 256. */
  evalBatchSize?: number;
  /** Host kernels (default: @seisdec/cluster's). */
  kernels?: ClusterKernels;
  /**
   * Called at every refresh of P (heartbeats, progress), after the checkpoint of that refresh:
   * `checkpointKey` is the directory written at this refresh (see {@link DecCheckpointOptions}),
   * undefined when none was. A resumed run calls it for the refreshes after its checkpoint only.
   * Throwing stops training (the checkpoint already written stays).
   */
  onUpdate?: (report: DecReport, checkpointKey: string | undefined) => void | Promise<void>;
  /** Checkpoint the training state through a BlobStore and resume from it. */
  checkpoint?: DecCheckpointOptions;
}

/**
 * Checkpoints are taken right after a refresh of P, at every `every`-th refresh (steps 0,
 * every x updateInterval, ...) while training continues (not at convergence or at maxIter), in
 * the layout of {@link saveCheckpoint} under `prefix` (`<prefix>/epoch-NNNNNN` with NNNNNN the
 * step, `<prefix>/latest.json` naming the newest). When a checkpoint exists under `prefix` at the
 * start, training resumes from it instead of starting over: same weights, centres, SGD/Adam
 * state, batch order and position, target P, labels and history as at that refresh, so with the
 * same options the resumed run ends where an uninterrupted one ends (bit for bit on the same
 * backend). A checkpoint saved for other settings (k, mode, gamma, alpha, batch size, update
 * interval, seed, optimizer, sample count, architecture) or unreadable is refused with a
 * CheckpointError naming the object; maxIter, tol and evalBatchSize may change between runs.
 */
export interface DecCheckpointOptions {
  store: BlobStore;
  prefix: string;
  /** Checkpoint at every `every`-th refresh of P. Default 1. */
  every?: number;
}

export interface DecReport {
  /** Training steps done before this refresh. */
  iteration: number;
  /** Mean training loss over the steps since the previous refresh (NaN at the first). */
  loss: number;
  /** Mean KL(P||Q) term over those steps. */
  klLoss: number;
  /** Mean reconstruction MSE over those steps (IDEC only). */
  reconstructionLoss?: number;
  /** Fraction of samples whose label changed since the previous refresh (1 at the first). */
  labelChange: number;
  /** Seconds since fine-tuning started (counting the time before a resumed checkpoint). */
  seconds: number;
}

export interface DecResult {
  /** argmax_j q_ij of every sample. */
  labels: Int32Array;
  /** count x k soft assignments with the final weights. */
  q: Float32Array;
  /** count x latentDim embeddings with the final weights. */
  embeddings: Float32Array;
  /** k x latentDim final centres. */
  centroids: Float32Array;
  /** Labels of the initial k-means / initial centres. */
  initialLabels: Int32Array;
  /** Every refresh since the start, including those before a resumed checkpoint. */
  history: DecReport[];
  /** Training steps done. */
  iterations: number;
  /** Whether the label-change fraction fell below tol before maxIter. */
  converged: boolean;
  /** Step of the checkpoint this run resumed from, if it resumed. */
  resumedFrom?: number;
}

export const DEFAULT_DEC_OPTIMIZER: OptimizerConfigInput = { kind: 'sgd', learningRate: 0.01, momentum: 0.9 };

interface Snapshot {
  embeddings: Float32Array;
  q: Float64Array;
  labels: Int32Array;
}

/** Settings a continuation depends on: a checkpoint is resumed only under the same ones. */
interface DecRunSettings {
  k: number;
  mode: 'dec' | 'idec';
  gamma: number;
  alpha: number;
  batchSize: number;
  updateInterval: number;
  seed: number;
  count: number;
  latentDim: number;
  optimizer: OptimizerConfig;
}

/** JSON part of a DEC checkpoint; the arrays are centres, target P, labels and initial labels. */
interface DecCheckpointState {
  run: DecRunSettings;
  iteration: number;
  /** Reports with NaN written as null (JSON). */
  history: Array<Record<keyof DecReport, number | null>>;
  /** RNG state the current batch order was drawn from. */
  orderRng: number[];
  /** Position in that order. */
  cursor: number;
  seconds: number;
}

/** Where the loop stands; exactly what a checkpoint restores. */
interface LoopState {
  iteration: number;
  history: DecReport[];
  rng: SeededRng;
  orderRng: number[];
  order: Int32Array;
  cursor: number;
  /** Target P (count x k) of the latest refresh. */
  target: Float32Array;
  /** Labels of the latest refresh (undefined before the first). */
  previousLabels: Int32Array | undefined;
  initialLabels: Int32Array;
  /** Start time, shifted back by the time before a resumed checkpoint. */
  started: number;
}

/**
 * Deep Embedded Clustering (Xie et al. 2016) or Improved DEC (Guo et al. 2017) on a pretrained
 * autoencoder: a Student-t clustering layer on the embedding, initialised from k-means centres,
 * trained to sharpen its own assignments towards P = targetDistribution(Q), refreshed over the
 * whole data set (chunked) every `updateInterval` steps; IDEC adds the reconstruction loss so the
 * embedding keeps describing the data. The autoencoder's weights are updated in place (on resume,
 * first overwritten by the checkpoint's). Every tensor it allocates is released before it returns
 * or throws.
 */
export async function fineTuneDec(model: Autoencoder, source: SampleSource, options: DecOptions): Promise<DecResult> {
  const {
    k,
    mode = 'idec',
    gamma = 0.1,
    alpha = 1,
    batchSize = 32,
    updateInterval = 200,
    tol = 1e-4,
    maxIter = 20000,
    optimizer: optimizerConfig = DEFAULT_DEC_OPTIMIZER,
    seed = 0,
    initialCentroids,
    kmeansInit = 20,
    evalBatchSize = 256,
    onUpdate,
    checkpoint,
  } = options;
  const every = checkpoint?.every ?? 1;
  validateDecOptions(model, source, { k, mode, gamma, alpha, batchSize, updateInterval, tol, maxIter, kmeansInit, evalBatchSize, initialCentroids, every });
  const kernels = options.kernels ?? DEFAULT_CLUSTER_KERNELS;
  const dim = model.architecture.latentDim;
  const count = source.count;
  const [h, w, c] = source.sampleShape;

  const centroids = tf.tidy(() => tf.variable(tf.zeros([k, dim]), true));
  const trained = (mode === 'dec' ? model.encoder : model.autoencoder).trainableWeights.map((v) => v.read() as tf.Variable);
  const variables = [...trained, centroids];
  const optimizer = new Optimizer(optimizerConfig);
  const run: DecRunSettings = { k, mode, gamma, alpha, batchSize, updateInterval, seed, count, latentDim: dim, optimizer: optimizer.config };

  const snapshotOf = async (embeddings?: Float32Array): Promise<Snapshot> => {
    const z = embeddings ?? (await embed(model.encoder, source, { batchSize: evalBatchSize }));
    const q = kernels.studentTAssignment(z, count, dim, Float64Array.from(centroids.dataSync()), k, { alpha });
    return { embeddings: z, q, labels: argmaxRows(q, count, k) };
  };
  const setCentroids = (values: Float32Array | Float64Array) => tf.tidy(() => centroids.assign(tf.tensor2d(Float32Array.from(values), [k, dim])));

  try {
    const restored =
      checkpoint &&
      (await loadCheckpoint<DecCheckpointState>(checkpoint.store, checkpoint.prefix, model.autoencoder, optimizer, variables, {
        validate: (state, stored) => assertResumable(state, stored, run),
      }));
    // The snapshot of the latest refresh while no step has been taken since (it then describes the current weights).
    let current: Snapshot | undefined;
    let loop: LoopState;
    if (restored) {
      loop = restoreLoop(restored.state, restored.arrays, run, setCentroids);
    } else {
      const first = await embed(model.encoder, source, { batchSize: evalBatchSize });
      setCentroids(initialCentroids ?? kmeans(first, count, dim, { k, nInit: kmeansInit, seed: deriveSeed(seed, 2) }).centroids);
      current = await snapshotOf(first);
      const rng = SeededRng.fromSeed(deriveSeed(seed, 3));
      const orderRng = rng.state();
      const order = rng.permutation(count);
      loop = { iteration: 0, history: [], rng, orderRng, order, cursor: 0, target: new Float32Array(0), previousLabels: undefined, initialLabels: current.labels, started: performance.now() };
    }

    let sums = { loss: 0, kl: 0, reconstruction: 0, steps: 0 };
    let converged = false;
    // A resumed run continues right after its checkpoint's refresh: that refresh is not repeated.
    let refreshDue = !restored;
    for (;;) {
      if (refreshDue && loop.iteration % updateInterval === 0) {
        current ??= await snapshotOf();
        const labelChange = loop.previousLabels === undefined ? 1 : kernels.labelChangeFraction(loop.previousLabels, current.labels);
        const report: DecReport = {
          iteration: loop.iteration,
          loss: sums.steps > 0 ? sums.loss / sums.steps : Number.NaN,
          klLoss: sums.steps > 0 ? sums.kl / sums.steps : Number.NaN,
          labelChange,
          seconds: (performance.now() - loop.started) / 1000,
        };
        if (mode === 'idec') report.reconstructionLoss = sums.steps > 0 ? sums.reconstruction / sums.steps : Number.NaN;
        loop.history.push(report);
        sums = { loss: 0, kl: 0, reconstruction: 0, steps: 0 };
        loop.previousLabels = current.labels;
        converged = loop.iteration > 0 && labelChange < tol;
        let checkpointKey: string | undefined;
        if (!converged) {
          loop.target = Float32Array.from(kernels.targetDistribution(current.q, count, k));
          const refreshIndex = loop.iteration / updateInterval;
          if (checkpoint && loop.iteration < maxIter && refreshIndex % every === 0) {
            await saveDecCheckpoint(checkpoint, run, loop, report.seconds, model, optimizer, centroids);
            checkpointKey = checkpointDirectoryKey(checkpoint.prefix, loop.iteration);
          }
        }
        await onUpdate?.(report, checkpointKey);
        if (converged) break;
      }
      refreshDue = true;
      if (loop.iteration >= maxIter) break;

      if (loop.cursor + batchSize > count) {
        loop.orderRng = loop.rng.state();
        loop.order = loop.rng.permutation(count);
        loop.cursor = 0;
      }
      const batch = loop.order.subarray(loop.cursor, Math.min(count, loop.cursor + batchSize));
      loop.cursor += batch.length;
      const input = await source.gather(batch);
      const step = trainStep(model, optimizer, variables, centroids as tf.Tensor2D, {
        x: tf.tensor4d(input, [batch.length, h, w, c]),
        p: tf.tensor2d(gatherRows(loop.target, batch, k), [batch.length, k]),
        mode,
        gamma,
        alpha,
      });
      current = undefined;
      sums.loss += step.loss;
      sums.kl += step.kl;
      sums.reconstruction += step.reconstruction;
      sums.steps += 1;
      loop.iteration += 1;
    }

    const final = current ?? (await snapshotOf());
    const result: DecResult = {
      labels: final.labels,
      q: Float32Array.from(final.q),
      embeddings: final.embeddings,
      centroids: (centroids.dataSync() as Float32Array).slice(),
      initialLabels: loop.initialLabels,
      history: loop.history,
      iterations: loop.iteration,
      converged,
    };
    if (restored) result.resumedFrom = restored.state.iteration;
    return result;
  } finally {
    optimizer.dispose();
    centroids.dispose();
  }
}

/** One optimizer step on one mini-batch; takes ownership of (and releases) `x` and `p`. */
function trainStep(
  model: Autoencoder,
  optimizer: Optimizer,
  variables: tf.Variable[],
  centroids: tf.Tensor2D,
  batch: { x: tf.Tensor4D; p: tf.Tensor2D; mode: 'dec' | 'idec'; gamma: number; alpha: number },
): { loss: number; kl: number; reconstruction: number } {
  const { x, p, mode, gamma, alpha } = batch;
  const parts: tf.Scalar[] = [];
  try {
    const loss = optimizer.step(() => {
      const z = model.encoder.apply(x, { training: true }) as tf.Tensor2D;
      const kl = klDivergenceLoss(p, softAssignment(z, centroids, alpha));
      parts.push(tf.keep(tf.clone(kl)));
      if (mode === 'dec') return kl;
      const reconstruction = tf.losses.meanSquaredError(x, model.decoder.apply(z, { training: true }) as tf.Tensor) as tf.Scalar;
      parts.push(tf.keep(reconstruction));
      return tf.add(tf.mul(kl, gamma), reconstruction) as tf.Scalar;
    }, variables);
    return { loss, kl: parts[0]!.dataSync()[0]!, reconstruction: parts[1]?.dataSync()[0] ?? 0 };
  } finally {
    tf.dispose([x, p, ...parts]);
  }
}

async function saveDecCheckpoint(
  checkpoint: DecCheckpointOptions,
  run: DecRunSettings,
  loop: LoopState,
  seconds: number,
  model: Autoencoder,
  optimizer: Optimizer,
  centroids: tf.Variable,
): Promise<void> {
  const state: DecCheckpointState = {
    run,
    iteration: loop.iteration,
    history: loop.history.map(reportToJson),
    orderRng: loop.orderRng,
    cursor: loop.cursor,
    seconds,
  };
  // Labels travel as float32 (exact: they are below k, far under 2^24).
  const arrays = [(centroids.dataSync() as Float32Array).slice(), loop.target, Float32Array.from(loop.previousLabels!), Float32Array.from(loop.initialLabels)];
  await saveCheckpoint(checkpoint.store, checkpoint.prefix, loop.iteration, model.autoencoder, optimizer, { state, arrays });
}

/** Loop state of a checkpoint (already checked by {@link assertResumable}); the centres go back into their variable. */
function restoreLoop(state: DecCheckpointState, arrays: Float32Array[], run: DecRunSettings, setCentroids: (values: Float32Array) => void): LoopState {
  const [centres, target, labels, initialLabels] = arrays as [Float32Array, Float32Array, Float32Array, Float32Array];
  setCentroids(centres);
  const rng = SeededRng.fromState(state.orderRng);
  const orderRng = rng.state();
  const order = rng.permutation(run.count);
  return {
    iteration: state.iteration,
    history: state.history.map(reportFromJson),
    rng,
    orderRng,
    order,
    cursor: state.cursor,
    target,
    previousLabels: Int32Array.from(labels),
    initialLabels: Int32Array.from(initialLabels),
    started: performance.now() - state.seconds * 1000,
  };
}

/** Refuses a checkpoint of another run or a malformed one, before anything is restored from it. */
function assertResumable(state: DecCheckpointState, stored: { key: string; arrayLengths: readonly number[] }, run: DecRunSettings): void {
  const saved = state?.run as Partial<DecRunSettings> | undefined;
  if (saved === undefined || typeof state.iteration !== 'number' || !Array.isArray(state.history) || !Array.isArray(state.orderRng)) {
    throw new CheckpointError(stored.key, 'not a DEC checkpoint (no run settings, iteration, history or RNG state)');
  }
  const differences = (Object.keys(run) as Array<keyof DecRunSettings>)
    .filter((key) => JSON.stringify(saved[key]) !== JSON.stringify(run[key]))
    .map((key) => `${key} ${JSON.stringify(saved[key])} (now ${JSON.stringify(run[key])})`);
  if (differences.length > 0) throw new CheckpointError(stored.key, `saved for another run: ${differences.join(', ')}`);
  const expected = [run.k * run.latentDim, run.count * run.k, run.count, run.count];
  if (stored.arrayLengths.length !== expected.length || stored.arrayLengths.some((n, i) => n !== expected[i])) {
    throw new CheckpointError(stored.key, `expected arrays of lengths [${expected.join(', ')}] (centres, target, labels, initial labels), got [${stored.arrayLengths.join(', ')}]`);
  }
  if (!(Number.isInteger(state.cursor) && state.cursor >= 0 && state.cursor <= run.count)) {
    throw new CheckpointError(stored.key, `cursor: expected an integer in 0..${run.count}, got ${String(state.cursor)}`);
  }
}

function reportToJson(report: DecReport): Record<keyof DecReport, number | null> {
  const json = {} as Record<keyof DecReport, number | null>;
  for (const [key, value] of Object.entries(report) as Array<[keyof DecReport, number]>) json[key] = Number.isNaN(value) ? null : value;
  return json;
}

function reportFromJson(json: Record<keyof DecReport, number | null>): DecReport {
  const report = {} as DecReport;
  for (const [key, value] of Object.entries(json) as Array<[keyof DecReport, number | null]>) report[key] = value ?? Number.NaN;
  return report;
}

function gatherRows(values: Float32Array, rows: Int32Array, width: number): Float32Array {
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, i) => out.set(values.subarray(r * width, (r + 1) * width), i * width));
  return out;
}

function validateDecOptions(
  model: Autoencoder,
  source: SampleSource,
  o: Required<Omit<DecOptions, 'initialCentroids' | 'optimizer' | 'seed' | 'kernels' | 'onUpdate' | 'checkpoint'>> & {
    initialCentroids: DecOptions['initialCentroids'];
    every: number;
  },
): void {
  const expected = model.architecture.inputShape;
  if (!expected.every((d, i) => d === source.sampleShape[i]) || sampleLength(source) === 0) {
    throw new RangeError(`source.sampleShape: expected [${expected.join(', ')}] (the architecture's input), got [${source.sampleShape.join(', ')}]`);
  }
  if (!(Number.isInteger(o.k) && o.k >= 2 && o.k <= source.count)) throw new RangeError(`k: expected an integer in 2..${source.count}, got ${o.k}`);
  if (o.mode !== 'dec' && o.mode !== 'idec') throw new RangeError(`mode: expected 'dec' or 'idec', got ${String(o.mode)}`);
  const positiveInts: Array<[string, number]> = [
    ['batchSize', o.batchSize],
    ['updateInterval', o.updateInterval],
    ['kmeansInit', o.kmeansInit],
    ['evalBatchSize', o.evalBatchSize],
    ['checkpoint.every', o.every],
  ];
  for (const [name, value] of positiveInts) {
    if (!(Number.isInteger(value) && value > 0)) throw new RangeError(`${name}: expected a positive integer, got ${value}`);
  }
  if (!(Number.isInteger(o.maxIter) && o.maxIter >= 0)) throw new RangeError(`maxIter: expected an integer >= 0, got ${o.maxIter}`);
  if (!(o.gamma >= 0 && Number.isFinite(o.gamma))) throw new RangeError(`gamma: expected a finite number >= 0, got ${o.gamma}`);
  if (!(o.alpha > 0)) throw new RangeError(`alpha: expected > 0, got ${o.alpha}`);
  if (!(o.tol >= 0 && o.tol < 1)) throw new RangeError(`tol: expected 0 <= tol < 1, got ${o.tol}`);
  const expectedCentroids = o.k * model.architecture.latentDim;
  if (o.initialCentroids !== undefined && o.initialCentroids.length !== expectedCentroids) {
    throw new RangeError(`initialCentroids: expected k x latentDim = ${expectedCentroids} values, got ${o.initialCentroids.length}`);
  }
}

