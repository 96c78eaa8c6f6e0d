import * as tf from '@tensorflow/tfjs';
import { kmeans } from '@seisdec/cluster';
import type { Autoencoder } from '../architecture/build-autoencoder';
import { sampleLength, type SampleSource } from '../data/sample-source';
import { Optimizer, type OptimizerConfigInput } from '../training/optimizer';
import { embed } from '../training/predict';
import { deriveSeed, SeededRng } from '../training/rng';
import { klDivergenceLoss, softAssignment } from './clustering-ops';
import { argmaxRows, DEFAULT_CLUSTER_KERNELS, type ClusterKernels } from './cluster-kernels';

export interface DecOptions {
  /** Number of clusters. */
  k: number;
  /** 'dec': loss KL(P||Q), encoder + centres trained. 'idec': gamma KL + reconstruction MSE, whole autoencoder. Default 'idec'. */
  mode?: 'dec' | 'idec';
  /** Weight of the KL term in IDEC. Default 0.1 (ClusTremor). */
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
  /** Called at every refresh of P (heartbeats, progress). */
  onUpdate?: (report: DecReport) => void | Promise<void>;
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
  /** Seconds since fine-tuning started. */
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
  history: DecReport[];
  /** Training steps done. */
  iterations: number;
  /** Whether the label-change fraction fell below tol before maxIter. */
  converged: boolean;
}

export const DEFAULT_DEC_OPTIMIZER: OptimizerConfigInput = { kind: 'sgd', learningRate: 0.01, momentum: 0.9 };

interface Snapshot {
  embeddings: Float32Array;
  q: Float64Array;
  labels: Int32Array;
}

/**
 * Deep Embedded Clustering (Xie et al. 2016) or Improved DEC (Guo et al. 2017) on a pretrained
 * autoencoder: a Student-t clustering layer on the embedding, initialised from k-means centres,
 * trained to sharpen its own assignments towards P = targetDistribution(Q), refreshed over the
 * whole data set (chunked) every `updateInterval` steps; IDEC adds the reconstruction loss so the
 * embedding keeps describing the data. The autoencoder's weights are updated in place.
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
  } = options;
  validateDecOptions(model, source, { k, mode, gamma, alpha, batchSize, updateInterval, tol, maxIter, kmeansInit, evalBatchSize, initialCentroids });
  const kernels = options.kernels ?? DEFAULT_CLUSTER_KERNELS;
  const dim = model.architecture.latentDim;
  const count = source.count;
  const [h, w, c] = source.sampleShape;
  const started = performance.now();

  const first = await embed(model.encoder, source, { batchSize: evalBatchSize });
  const start = initialCentroids ?? kmeans(first, count, dim, { k, nInit: kmeansInit, seed: deriveSeed(seed, 2) }).centroids;
  const centroids = tf.variable(tf.tensor2d(Float32Array.from(start), [k, dim]), true);
  const trained = (mode === 'dec' ? model.encoder : model.autoencoder).trainableWeights.map((v) => v.read() as tf.Variable);
  const variables = [...trained, centroids];
  const optimizer = new Optimizer(optimizerConfig);
  const rng = SeededRng.fromSeed(deriveSeed(seed, 3));

  const snapshotOf = async (embeddings?: Float32Array): Promise<Snapshot> => {
    const z = embeddings ?? (await embed(model.encoder, source, { batchSize: evalBatchSize }));
    const q = kernels.studentTAssignment(z, count, dim, Float64Array.from(centroids.dataSync()), k, { alpha });
    return { embeddings: z, q, labels: argmaxRows(q, count, k) };
  };

  try {
    let snapshot = await snapshotOf(first);
    const initialLabels = snapshot.labels;
    let previousLabels: Int32Array | undefined;
    let target = new Float32Array(0);
    const history: DecReport[] = [];
    let sums = { loss: 0, kl: 0, reconstruction: 0, steps: 0 };
    let order = rng.permutation(count);
    let cursor = 0;
    let iteration = 0;
    let converged = false;

    for (;;) {
      if (iteration % updateInterval === 0) {
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
        await onUpdate?.(report);
        sums = { loss: 0, kl: 0, reconstruction: 0, steps: 0 };
        previousLabels = snapshot.labels;
        if (iteration > 0 && labelChange < tol) {
          converged = true;
          break;
        }
        target = Float32Array.from(kernels.targetDistribution(snapshot.q, count, k));
      }
      if (iteration >= maxIter) break;

      if (cursor + batchSize > count) {
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
    return {
      labels: snapshot.labels,
      q: Float32Array.from(snapshot.q),
      embeddings: snapshot.embeddings,
      centroids: (centroids.dataSync() as Float32Array).slice(),
      initialLabels,
      history,
      iterations: iteration,
      converged,
    };
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

function validateDecOptions(
  model: Autoencoder,
  source: SampleSource,
  o: Required<Omit<DecOptions, 'initialCentroids' | 'optimizer' | 'seed' | 'kernels' | 'onUpdate'>> & { initialCentroids: DecOptions['initialCentroids'] },
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
  ];
  for (const [name, value] of positiveInts) {
    if (!(Number.isInteger(value) && value > 0)) throw new RangeError(`${name}: expected a positive integer, got ${value}`);
  }
  if (!(Number.isInteger(o.maxIter) && o.maxIter >= 0)) throw new RangeError(`maxIter: expected an integer >= 0, got ${o.maxIter}`);
  if (!(o.gamma > 0)) throw new RangeError(`gamma: expected > 0, got ${o.gamma}`);
  if (!(o.alpha > 0)) throw new RangeError(`alpha: expected > 0, got ${o.alpha}`);
  if (!(o.tol >= 0 && o.tol < 1)) throw new RangeError(`tol: expected 0 <= tol < 1, got ${o.tol}`);
  const expectedCentroids = o.k * model.architecture.latentDim;
  if (o.initialCentroids !== undefined && o.initialCentroids.length !== expectedCentroids) {
    throw new RangeError(`initialCentroids: expected k x latentDim = ${expectedCentroids} values, got ${o.initialCentroids.length}`);
  }
}
