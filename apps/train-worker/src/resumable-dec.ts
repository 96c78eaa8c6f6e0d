import * as tf from '@tensorflow/tfjs';
import {
  argmaxRows,
  DEFAULT_CLUSTER_KERNELS,
  deriveSeed,
  embed,
  joinKey,
  klDivergenceLoss,
  loadCheckpoint,
  Optimizer,
  saveCheckpoint,
  SeededRng,
  softAssignment,
  type Autoencoder,
  type ClusterKernels,
  type DecReport,
  type SampleSource,
} from '@seisdec/model';
import type { BlobStore } from '@seisdec/store';

/**
 * DEC / IDEC fine-tuning that checkpoints at every refresh of the target distribution and resumes
 * from the newest checkpoint, so a retried activity continues where the failed attempt stopped.
 *
 * Why not `fineTuneDec` from @seisdec/model directly: it has no checkpoint or resume hook (only an
 * `onUpdate` callback), and its loop state (SGD momentum, the shuffled order and its position, the
 * RNG) is local to it. This is the same loop, step for step and draw for draw (the spec checks that
 * an uninterrupted run gives bit-identical labels, Q and centres to `fineTuneDec` on the same
 * backend), plus the checkpoint. It belongs in libs/model; until it is there it lives here.
 *
 * A checkpoint, taken right after a refresh, holds the autoencoder weights, the SGD velocities, the
 * centres, the history, the RNG state from which the current batch order was drawn and the position
 * in it. Resuming rebuilds the snapshot (embeddings, Q, labels, target P) from the restored weights,
 * which is exactly the snapshot the refresh computed, so the resumed run ends where an
 * uninterrupted one ends.
 */
export interface ResumableDecOptions {
  k: number;
  /** 'dec': KL(P||Q), encoder + centres trained; 'idec': gamma KL + reconstruction MSE, whole autoencoder. */
  mode: 'dec' | 'idec';
  gamma: number;
  /** Student-t degrees of freedom. Default 1. */
  alpha?: number;
  batchSize: number;
  updateInterval: number;
  tol: number;
  maxIter: number;
  /** SGD with momentum, as ClusTremor (and fineTuneDec's default). */
  learningRate: number;
  momentum: number;
  seed: number;
  /** k x latentDim starting centres (the k-sweep's best k-means). */
  initialCentroids: Float32Array | Float64Array;
  /** Chunk size of the whole-data-set passes (memory only). Default 256. */
  evalBatchSize?: number;
  kernels?: ClusterKernels;
  /** Where checkpoints go; a checkpoint found there at the start is resumed from. */
  checkpoint?: { store: BlobStore; prefix: string };
  /** Called at every refresh, after the checkpoint of that refresh (when training continues). */
  onRefresh?: (report: DecReport, checkpointKey: string | undefined) => void | Promise<void>;
}

export interface ResumableDecResult {
  labels: Int32Array;
  /** count x k soft assignments with the final weights. */
  q: Float32Array;
  /** count x latentDim embeddings with the final weights. */
  embeddings: Float32Array;
  /** k x latentDim final centres. */
  centroids: Float32Array;
  history: DecReport[];
  iterations: number;
  converged: boolean;
  /** Training step of the checkpoint this run resumed from. */
  resumedFrom?: number;
}

interface DecCheckpointState {
  iteration: number;
  /** Reports with NaN written as null (JSON). */
  history: Array<Record<keyof DecReport, number | null>>;
  /** RNG state the current batch order was drawn from. */
  orderRng: number[];
  cursor: number;
  seconds: number;
  k: number;
  mode: 'dec' | 'idec';
}

interface Snapshot {
  embeddings: Float32Array;
  q: Float64Array;
  labels: Int32Array;
}

/** Key of the directory saveCheckpoint (libs/model) writes for epoch or step `n`: its documented layout `<prefix>/epoch-NNNNNN`. */
export function checkpointDirectoryKey(prefix: string, iteration: number): string {
  return joinKey(prefix, `epoch-${String(iteration).padStart(6, '0')}`);
}

export async function fineTuneDecResumable(model: Autoencoder, source: SampleSource, options: ResumableDecOptions): Promise<ResumableDecResult> {
  const { k, mode, gamma, alpha = 1, batchSize, updateInterval, tol, maxIter, learningRate, momentum, seed, initialCentroids, evalBatchSize = 256, checkpoint, onRefresh } = options;
  const kernels = options.kernels ?? DEFAULT_CLUSTER_KERNELS;
  const dim = model.architecture.latentDim;
  const count = source.count;
  const [h, w, c] = source.sampleShape;
  validate(model, source, options);

  const centroids = tf.tidy(() => tf.variable(tf.tensor2d(Float32Array.from(initialCentroids), [k, dim]), true));
  const trained = (mode === 'dec' ? model.encoder : model.autoencoder).trainableWeights.map((v) => v.read() as tf.Variable);
  const variables = [...trained, centroids];
  const optimizer = new Optimizer({ kind: 'sgd', learningRate, momentum });
  let started = performance.now();

  const snapshotOf = async (embeddings?: Float32Array): Promise<Snapshot> => {
    const z = embeddings ?? (await embed(model.encoder, source, { batchSize: evalBatchSize }));
    const q = kernels.studentTAssignment(z, count, dim, Float64Array.from(centroids.dataSync()), k, { alpha });
    return { embeddings: z, q, labels: argmaxRows(q, count, k) };
  };

  try {
    let rng = SeededRng.fromSeed(deriveSeed(seed, 3));
    let orderRng = rng.state();
    let order = rng.permutation(count);
    let cursor = 0;
    let iteration = 0;
    let history: DecReport[] = [];
    let snapshot: Snapshot;
    let previousLabels: Int32Array | undefined;
    let target = new Float32Array(0);
    let resumedFrom: number | undefined;

    const restored = checkpoint && (await loadCheckpoint<DecCheckpointState>(checkpoint.store, checkpoint.prefix, model.autoencoder, optimizer, variables));
    if (restored) {
      const state = restored.state;
      if (state.k !== k || state.mode !== mode) throw new Error(`checkpoint ${checkpoint!.prefix}: saved for k=${state.k} ${state.mode}, resuming k=${k} ${mode}`);
      tf.tidy(() => centroids.assign(tf.tensor2d(restored.arrays[0]!, [k, dim])));
      rng = SeededRng.fromState(state.orderRng);
      orderRng = rng.state();
      order = rng.permutation(count);
      cursor = state.cursor;
      iteration = state.iteration;
      history = state.history.map(reportFromJson);
      started = performance.now() - state.seconds * 1000;
      resumedFrom = iteration;
      // The refresh at `iteration` already happened before the checkpoint: rebuild its snapshot and target.
      snapshot = await snapshotOf();
      previousLabels = snapshot.labels;
      target = Float32Array.from(kernels.targetDistribution(snapshot.q, count, k));
    } else {
      snapshot = await snapshotOf(await embed(model.encoder, source, { batchSize: evalBatchSize }));
    }

    let sums = { loss: 0, kl: 0, reconstruction: 0, steps: 0 };
    let converged = false;
    let refreshDue = resumedFrom === undefined;

    for (;;) {
      if (refreshDue && iteration % updateInterval === 0) {
        if (iteration > 0) snapshot = await snapshotOf();
        const labelChange = previousLabels === undefined ? 1 : kernels.labelChangeFraction(previousLabels, snapshot.labels);
        const report: DecReport = {
          iteration,
          loss: sums.steps > 0 ? sums.loss / sums.steps : Number.NaN,
          klLoss: sums.steps > 0 ? sums.kl / sums.steps : Number.NaN,
          labelChange,
          seconds: (performance.now() - started) / 1000,
        };
        if (mode === 'idec') report.reconstructionLoss = sums.steps > 0 ? sums.reconstruction / sums.steps : Number.NaN;
        history.push(report);
        sums = { loss: 0, kl: 0, reconstruction: 0, steps: 0 };
        previousLabels = snapshot.labels;
        converged = iteration > 0 && labelChange < tol;
        let checkpointKey: string | undefined;
        if (!converged) {
          target = Float32Array.from(kernels.targetDistribution(snapshot.q, count, k));
          if (checkpoint && iteration < maxIter) {
            const state: DecCheckpointState = { iteration, history: history.map(reportToJson), orderRng, cursor, seconds: report.seconds, k, mode };
            await saveCheckpoint(checkpoint.store, checkpoint.prefix, iteration, model.autoencoder, optimizer, { state, arrays: [centroids.dataSync() as Float32Array] });
            checkpointKey = checkpointDirectoryKey(checkpoint.prefix, iteration);
          }
        }
        await onRefresh?.(report, checkpointKey);
        if (converged) break;
      }
      refreshDue = true;
      if (iteration >= maxIter) break;

      if (cursor + batchSize > count) {
        orderRng = rng.state();
        order = rng.permutation(count);
        cursor = 0;
      }
      const batch = order.subarray(cursor, Math.min(count, cursor + batchSize));
      cursor += batch.length;
      const x = tf.tensor4d(await source.gather(batch), [batch.length, h, w, c]);
      const p = tf.tensor2d(gatherRows(target, batch, k), [batch.length, k]);
      const parts: tf.Scalar[] = [];
      const loss = optimizer.step(() => {
        const z = model.encoder.apply(x, { training: true }) as tf.Tensor2D;
        const kl = klDivergenceLoss(p, softAssignment(z, centroids, alpha));
        parts.push(tf.keep(tf.clone(kl)));
        if (mode === 'dec') return kl;
        const reconstruction = tf.losses.meanSquaredError(x, model.decoder.apply(z, { training: true }) as tf.Tensor) as tf.Scalar;
        parts.push(tf.keep(reconstruction));
        return tf.add(tf.mul(kl, gamma), reconstruction) as tf.Scalar;
      }, variables);
      sums.loss += loss;
      sums.kl += parts[0]!.dataSync()[0]!;
      if (parts[1] !== undefined) sums.reconstruction += parts[1].dataSync()[0]!;
      sums.steps += 1;
      tf.dispose([x, p, ...parts]);
      iteration += 1;
    }

    // Q, labels and embeddings of the final weights (the last snapshot is current only on convergence).
    if (!converged) snapshot = await snapshotOf();
    const result: ResumableDecResult = {
      labels: snapshot.labels,
      q: Float32Array.from(snapshot.q),
      embeddings: snapshot.embeddings,
      centroids: (centroids.dataSync() as Float32Array).slice(),
      history,
      iterations: iteration,
      converged,
    };
    if (resumedFrom !== undefined) result.resumedFrom = resumedFrom;
    return result;
  } finally {
    optimizer.dispose();
    centroids.dispose();
  }
}

function gatherRows(values: Float32Array, rows: Int32Array, width: number): Float32Array {
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, i) => out.set(values.subarray(r * width, (r + 1) * width), i * width));
  return out;
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

function validate(model: Autoencoder, source: SampleSource, o: ResumableDecOptions): void {
  const expected = model.architecture.inputShape;
  if (!expected.every((d, i) => d === source.sampleShape[i])) {
    throw new RangeError(`source.sampleShape: expected [${expected.join(', ')}] (the model's input), got [${source.sampleShape.join(', ')}]`);
  }
  if (!(Number.isInteger(o.k) && o.k >= 2 && o.k <= source.count)) throw new RangeError(`k: expected an integer in 2..${source.count}, got ${o.k}`);
  const expectedCentroids = o.k * model.architecture.latentDim;
  if (o.initialCentroids.length !== expectedCentroids) {
    throw new RangeError(`initialCentroids: expected k x latentDim = ${expectedCentroids} values, got ${o.initialCentroids.length}`);
  }
  for (const [name, value] of [
    ['batchSize', o.batchSize],
    ['updateInterval', o.updateInterval],
  ] as const) {
    if (!(Number.isInteger(value) && value > 0)) throw new RangeError(`${name}: expected a positive integer, got ${value}`);
  }
  if (!(Number.isInteger(o.maxIter) && o.maxIter >= 0)) throw new RangeError(`maxIter: expected an integer >= 0, got ${o.maxIter}`);
}
