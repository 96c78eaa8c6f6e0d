import * as tf from '@tensorflow/tfjs';
import type { BlobStore } from '@seisdec/store';
import type { Autoencoder } from '../architecture/build-autoencoder';
import { sampleLength, type SampleSource } from '../data/sample-source';
import { GraphAutoencoderTrainer } from '../graph/graph-trainer';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { Optimizer, type OptimizerConfigInput } from './optimizer';
import { reconstructionError } from './predict';
import { deriveSeed, SeededRng } from './rng';

/** One line of the training history, also what the per-epoch callback receives. */
export interface EpochReport {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean training MSE over the epoch's mini-batches (weighted by batch size). */
  loss: number;
  /** MSE on the validation samples after the epoch (absent without a validation split). */
  valLoss?: number;
  /** Wall time of the epoch, including validation. */
  seconds: number;
  /** Learning rate at the end of the epoch. */
  learningRate: number;
  /**
   * True when this epoch's checkpoint was written (every `checkpoint.every` epochs, the last epoch, and
   * the epoch that stops early), so a caller can name the newest checkpoint in its heartbeats.
   */
  checkpointed?: boolean;
}

export interface PretrainOptions {
  /** Maximum number of epochs. Default 50. */
  epochs?: number;
  /** Mini-batch size. Default 32. */
  batchSize?: number;
  /** Fraction of samples held out (chosen by the seed) for val_loss and early stopping. Default 0.1. */
  validationSplit?: number;
  /** Stop after this many epochs without improvement of val_loss (loss without validation). Default 10. */
  patience?: number;
  /** Smallest decrease that counts as an improvement. Default 0. */
  minDelta?: number;
  /** Put the weights of the best epoch back at the end. Default true. */
  restoreBestWeights?: boolean;
  /** Default Adam, 1e-3, decay 0.96 every 1000 updates. */
  optimizer?: OptimizerConfigInput;
  /** Seed of the validation split and the per-epoch shuffles. Default 0. */
  seed?: number;
  /** Batch size of the validation pass (memory bound only). Default 256. */
  evalBatchSize?: number;
  /** Called after every epoch (after the checkpoint of that epoch, if any): heartbeats, progress. */
  onEpoch?: (report: EpochReport) => void | Promise<void>;
  /**
   * Save a checkpoint every `every` epochs under `prefix`; when a checkpoint exists there at the
   * start, training resumes from it (with the same options it reaches the same weights as an
   * uninterrupted run).
   */
  checkpoint?: { store: BlobStore; prefix: string; every?: number };
  /**
   * How each training step runs. 'eager' (default): tfjs ops on the active backend. 'graph': the
   * whole step (forward, backward, optimizer) as one TensorFlow graph per batch, only on the native
   * 'tensorflow' backend (libs/model/src/graph; same updates to ~1e-7; ClusTremor at batch 32 on one
   * thread 1077-1147 vs 557-704 samples/s eager, see BACKENDS.md). The
   * model is updated after every epoch; checkpoints are the same for both engines and interchangeable.
   */
  engine?: PretrainEngine;
}

export const PRETRAIN_ENGINES = ['eager', 'graph'] as const;
export type PretrainEngine = (typeof PRETRAIN_ENGINES)[number];

export interface PretrainResult {
  history: EpochReport[];
  /** Epoch whose weights the model holds at the end when restoreBestWeights is on. */
  bestEpoch: number;
  bestLoss: number;
  stoppedEarly: boolean;
  /** Epoch of the checkpoint training resumed from, if any. */
  resumedFrom?: number;
}

interface PretrainState {
  rng: number[];
  history: EpochReport[];
  bestLoss: number | null;
  bestEpoch: number;
  wait: number;
}

export const DEFAULT_PRETRAIN_OPTIMIZER: OptimizerConfigInput = { kind: 'adam', learningRate: 1e-3, decayRate: 0.96, decaySteps: 1000 };

/**
 * Trains the autoencoder to reconstruct its input (MSE) with mini-batch Adam, seeded shuffling,
 * a seeded validation split, early stopping and checkpoints through a BlobStore.
 */
export async function pretrainAutoencoder(model: Autoencoder, source: SampleSource, options: PretrainOptions = {}): Promise<PretrainResult> {
  const {
    epochs = 50,
    batchSize = 32,
    validationSplit = 0.1,
    patience = 10,
    minDelta = 0,
    restoreBestWeights = true,
    optimizer: optimizerConfig = DEFAULT_PRETRAIN_OPTIMIZER,
    seed = 0,
    evalBatchSize = 256,
    onEpoch,
    checkpoint,
    engine = 'eager',
  } = options;
  validatePretrainOptions(model, source, { epochs, batchSize, validationSplit, patience, minDelta, evalBatchSize, every: checkpoint?.every ?? 1, engine });

  const { train, validation } = splitIndices(source.count, validationSplit, seed);
  const net = model.autoencoder;
  const variables = net.trainableWeights.map((w) => w.read() as tf.Variable);
  const optimizer = new Optimizer(optimizerConfig);
  let rng = SeededRng.fromSeed(deriveSeed(seed, 1));
  let state: PretrainState = { rng: rng.state(), history: [], bestLoss: null, bestEpoch: 0, wait: 0 };
  let bestWeights: Float32Array[] = [];
  let resumedFrom: number | undefined;
  let graph: GraphAutoencoderTrainer | undefined;

  try {
    if (checkpoint !== undefined) {
      const restored = await loadCheckpoint<PretrainState>(checkpoint.store, checkpoint.prefix, net, optimizer, variables);
      if (restored !== undefined) {
        state = restored.state;
        bestWeights = restored.arrays;
        rng = SeededRng.fromState(state.rng);
        resumedFrom = restored.epoch;
      }
    }
    if (engine === 'graph') {
      // Weights and optimizer state (fresh or from the checkpoint) move into the graph's variables.
      graph = new GraphAutoencoderTrainer(model.architecture, optimizerConfig);
      graph.loadFromModel(net, optimizer.exportState());
    }

    let stoppedEarly = false;
    for (let epoch = state.history.length + 1; epoch <= epochs && !stoppedEarly; epoch++) {
      const started = performance.now();
      const order = rng.shuffle(Int32Array.from(train));
      const loss =
        graph === undefined ? await trainOneEpoch(net, source, order, batchSize, optimizer, variables) : await trainOneEpochInGraph(graph, net, source, order, batchSize);
      const valLoss = validation.length > 0 ? await reconstructionError(net, source, { indices: validation, batchSize: evalBatchSize }) : undefined;
      const learningRate = graph === undefined ? optimizer.currentLearningRate() : graph.currentLearningRate();
      const report: EpochReport = { epoch, loss, seconds: (performance.now() - started) / 1000, learningRate };
      if (valLoss !== undefined) report.valLoss = valLoss;

      const monitored = valLoss ?? loss;
      if (state.bestLoss === null || monitored < state.bestLoss - minDelta) {
        state.bestLoss = monitored;
        state.bestEpoch = epoch;
        state.wait = 0;
        if (restoreBestWeights) bestWeights = net.weights.map((w) => (w.read().dataSync() as Float32Array).slice());
      } else {
        state.wait += 1;
      }
      stoppedEarly = state.wait >= patience;
      state.history.push(report);
      state.rng = rng.state();

      const every = checkpoint?.every ?? 1;
      if (checkpoint !== undefined && (epoch % every === 0 || epoch === epochs || stoppedEarly)) {
        if (graph !== undefined) optimizer.importState(graph.exportState(), variables); // slots out of the graph, for the checkpoint
        await saveCheckpoint(checkpoint.store, checkpoint.prefix, epoch, net, optimizer, { state, arrays: bestWeights });
        report.checkpointed = true;
      }
      await onEpoch?.(report);
    }

    if (restoreBestWeights && bestWeights.length === net.weights.length) {
      // LayerVariable.write copies into the variable and keeps no reference to the tensor given.
      net.weights.forEach((w, i) => tf.tidy(() => void w.write(tf.tensor(bestWeights[i]!, w.shape as number[]))));
    }
    const last = state.history[state.history.length - 1];
    const result: PretrainResult = {
      history: state.history,
      bestEpoch: state.bestEpoch,
      bestLoss: state.bestLoss ?? last?.loss ?? Number.NaN,
      stoppedEarly: state.wait >= patience,
    };
    if (resumedFrom !== undefined) result.resumedFrom = resumedFrom;
    return result;
  } finally {
    graph?.dispose();
    optimizer.dispose();
  }
}

/** trainOneEpoch with the graph engine; the model gets the graph's weights at the end of the epoch. */
async function trainOneEpochInGraph(graph: GraphAutoencoderTrainer, net: tf.LayersModel, source: SampleSource, order: Int32Array, batchSize: number): Promise<number> {
  const [h, w, c] = source.sampleShape;
  let weightedLoss = 0;
  for (let start = 0; start < order.length; start += batchSize) {
    const batch = order.subarray(start, Math.min(order.length, start + batchSize));
    const x = tf.tensor4d(await source.gather(batch), [batch.length, h, w, c]);
    try {
      weightedLoss += graph.step(x) * batch.length;
    } finally {
      x.dispose();
    }
  }
  graph.writeToModel(net);
  return weightedLoss / order.length;
}

async function trainOneEpoch(
  net: tf.LayersModel,
  source: SampleSource,
  order: Int32Array,
  batchSize: number,
  optimizer: Optimizer,
  variables: tf.Variable[],
): Promise<number> {
  const [h, w, c] = source.sampleShape;
  let weightedLoss = 0;
  for (let start = 0; start < order.length; start += batchSize) {
    const batch = order.subarray(start, Math.min(order.length, start + batchSize));
    const x = tf.tensor4d(await source.gather(batch), [batch.length, h, w, c]);
    const loss = optimizer.step(() => tf.losses.meanSquaredError(x, net.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, variables);
    x.dispose();
    weightedLoss += loss * batch.length;
  }
  return weightedLoss / order.length;
}

/** Seeded split: `validation` holds round(count * fraction) indices (ascending), `train` the rest. */
export function splitIndices(count: number, fraction: number, seed: number): { train: Int32Array; validation: Int32Array } {
  const permutation = SeededRng.fromSeed(deriveSeed(seed, 0)).permutation(count);
  const nValidation = Math.round(count * fraction);
  const validation = permutation.slice(0, nValidation).sort();
  const train = permutation.slice(nValidation).sort();
  return { train, validation };
}

function validatePretrainOptions(
  model: Autoencoder,
  source: SampleSource,
  o: { epochs: number; batchSize: number; validationSplit: number; patience: number; minDelta: number; evalBatchSize: number; every: number; engine: PretrainEngine },
): void {
  if (!(PRETRAIN_ENGINES as readonly string[]).includes(o.engine)) throw new RangeError(`engine: expected one of ${PRETRAIN_ENGINES.join(', ')}, got '${String(o.engine)}'`);
  if (o.engine === 'graph' && tf.getBackend() !== 'tensorflow') {
    throw new RangeError(
      `engine: 'graph' runs only on the native 'tensorflow' backend (@tensorflow/tfjs-node, see libs/model/BACKENDS.md); the active backend is '${tf.getBackend()}'`,
    );
  }
  const expected = model.architecture.inputShape;
  if (!expected.every((d, i) => d === source.sampleShape[i])) {
    throw new RangeError(`source.sampleShape: expected [${expected.join(', ')}] (the architecture's input), got [${source.sampleShape.join(', ')}]`);
  }
  if (sampleLength(source) <= 0 || source.count < 2) throw new RangeError(`source: expected at least 2 samples, got ${source.count}`);
  const positiveInts: Array<[string, number]> = [
    ['epochs', o.epochs],
    ['batchSize', o.batchSize],
    ['evalBatchSize', o.evalBatchSize],
    ['checkpoint.every', o.every],
  ];
  for (const [name, value] of positiveInts) {
    if (!(Number.isInteger(value) && value > 0)) throw new RangeError(`${name}: expected a positive integer, got ${value}`);
  }
  if (!(o.validationSplit >= 0 && o.validationSplit < 1)) throw new RangeError(`validationSplit: expected 0 <= value < 1, got ${o.validationSplit}`);
  if (o.validationSplit > 0 && Math.round(source.count * o.validationSplit) >= source.count) {
    throw new RangeError(`validationSplit: leaves no training samples out of ${source.count}`);
  }
  if (!(o.patience > 0)) throw new RangeError(`patience: expected a positive number (Infinity disables early stopping), got ${o.patience}`);
  if (!(o.minDelta >= 0)) throw new RangeError(`minDelta: expected >= 0, got ${o.minDelta}`);
}
