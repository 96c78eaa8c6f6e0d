/**
 * Trains an autoencoder as one TensorFlow graph on the native 'tensorflow' backend (tfjs-node):
 * the graph of autoencoder-graph.ts is written as a SavedModel without variables to a temporary
 * folder, loaded with tfjs-node's loadSavedModelMetaGraph (TF_LoadSessionFromSavedModel), and each
 * training step is one runSavedModel call (one TF_SessionRun: forward, backward and every
 * optimizer update inside TensorFlow, grappler-optimised), where the eager path dispatches ~400 ops.
 *
 * Weights and optimizer slots live in the session's resource variables: {@link load} puts them in
 * (from the tfjs model, e.g. its seeded initialisers or a checkpoint), {@link readWeights} and
 * {@link exportState} take them out (same slot layout as the eager Optimizer's OptimizerState).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { parseArchitecture, type Architecture, type ArchitectureInput } from '../architecture/architecture';
import { optimizerConfigSchema, type OptimizerConfig, type OptimizerConfigInput, type OptimizerState } from '../training/optimizer';
import { buildAutoencoderGraph, type AutoencoderGraph } from './autoencoder-graph';
import { encodeSavedModel } from './graph-proto';

/** The part of tfjs-node's NodeJSKernelBackend used here (dist/nodejs_kernel_backend.js). */
interface SavedModelBackend {
  loadSavedModelMetaGraph(path: string, tags: string): number;
  runSavedModel(id: number, inputs: tf.Tensor[], inputInfos: Array<{ name: string }>, outputNames: string[]): tf.Tensor[];
  deleteSavedModel(id: number): void;
}

/** The active backend if it can run SavedModel sessions, else an error saying what is needed. */
export function savedModelBackend(): SavedModelBackend {
  const name = tf.getBackend();
  const backend = tf.backend() as unknown as Partial<SavedModelBackend>;
  if (name !== 'tensorflow' || typeof backend.loadSavedModelMetaGraph !== 'function' || typeof backend.runSavedModel !== 'function') {
    throw new Error(
      `graph engine: needs the native 'tensorflow' backend of @tensorflow/tfjs-node (initBackend({ prefer: 'tensorflow' }), ` +
        `see libs/model/BACKENDS.md); the active backend is '${name}'`,
    );
  }
  return backend as SavedModelBackend;
}

export class GraphAutoencoderTrainer {
  readonly architecture: Architecture;
  readonly optimizer: OptimizerConfig;
  readonly graph: AutoencoderGraph;
  private readonly backend: SavedModelBackend;
  private session: number | undefined;
  private iterationCount = 0;

  /** Builds and loads the graph; the variables hold nothing until {@link load}. */
  constructor(architecture: ArchitectureInput | Architecture, optimizer: OptimizerConfigInput) {
    this.backend = savedModelBackend();
    this.architecture = parseArchitecture(architecture);
    const parsed = optimizerConfigSchema.safeParse(optimizer);
    if (!parsed.success) throw new RangeError(`optimizer: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    this.optimizer = parsed.data;
    this.graph = buildAutoencoderGraph(this.architecture, this.optimizer);
    const dir = mkdtempSync(path.join(tmpdir(), 'seisdec-graph-'));
    try {
      writeFileSync(path.join(dir, 'saved_model.pb'), encodeSavedModel(this.graph.nodes));
      this.session = this.backend.loadSavedModelMetaGraph(dir, 'serve');
    } finally {
      rmSync(dir, { recursive: true, force: true }); // the loader keeps nothing open
    }
  }

  /** Trainable variables (name, shape) in the tfjs model's order. */
  get variables(): ReadonlyArray<{ name: string; shape: number[] }> {
    return this.graph.lowered.variables;
  }

  get iterations(): number {
    return this.iterationCount;
  }

  /** Learning rate of the next update (the eager Optimizer's schedule: lr decayRate^(t / decaySteps)). */
  currentLearningRate(): number {
    const c = this.optimizer;
    return c.kind === 'adam' ? c.learningRate * c.decayRate ** (this.iterationCount / c.decaySteps) : c.learningRate;
  }

  /**
   * Sets every variable (values in {@link variables} order) and the optimizer state; without a
   * state (or with empty slots) the slots start at zero and the iteration count at state?.iterations ?? 0.
   */
  load(weights: ReadonlyArray<Float32Array>, state?: OptimizerState): void {
    const vars = this.variables;
    if (weights.length !== vars.length) throw new RangeError(`weights: expected ${vars.length} arrays, got ${weights.length}`);
    weights.forEach((w, i) => {
      const size = vars[i]!.shape.reduce((a, b) => a * b, 1);
      if (w.length !== size) throw new RangeError(`weights[${i}] (${vars[i]!.name}): expected ${size} values, got ${w.length}`);
    });
    const slots = state?.slots ?? [];
    if (slots.length !== 0 && (slots.length !== vars.length || slots.some((list, i) => list.length !== this.graph.slotCount || list.some((a) => a.length !== weights[i]!.length)))) {
      throw new RangeError(`state.slots: expected ${vars.length} lists of ${this.graph.slotCount} arrays matching the variables`);
    }
    const inputs: tf.Tensor[] = [];
    const names: string[] = [];
    vars.forEach((v, i) => {
      inputs.push(tf.tensor(weights[i]!, v.shape, 'float32'));
      names.push(this.graph.feeds.initVariables[i]!);
      for (let k = 0; k < this.graph.slotCount; k++) {
        inputs.push(slots.length > 0 ? tf.tensor(slots[i]![k]!, v.shape, 'float32') : tf.zeros(v.shape, 'float32'));
        names.push(this.graph.feeds.initSlots[i]![k]!);
      }
    });
    try {
      tf.dispose(this.run(inputs, names, [this.graph.fetches.init]));
    } finally {
      tf.dispose(inputs);
    }
    this.iterationCount = state?.iterations ?? 0;
  }

  /**
   * Sets the variables from a tfjs model built from the same architecture (its trainable weights
   * must be the graph's variables in the same order, as buildAutoencoder makes them); `state` as
   * the eager Optimizer exports it for that model.
   */
  loadFromModel(model: tf.LayersModel, state?: OptimizerState): void {
    this.load(modelWeightsInGraphOrder(model, this.variables), state);
  }

  /** One update on the batch x (N, H, W, C); returns the batch's MSE before the update. */
  step(x: tf.Tensor): number {
    const t = this.iterationCount + 1;
    const lr = this.currentLearningRate();
    const c = this.optimizer;
    const fed = c.kind === 'adam' ? (lr * Math.sqrt(1 - c.beta2 ** t)) / (1 - c.beta1 ** t) : lr;
    const rate = tf.scalar(fed, 'float32');
    try {
      const [loss] = this.run([x, rate], [this.graph.feeds.x, this.graph.feeds.learningRate], [this.graph.fetches.train]);
      const value = loss!.dataSync()[0]!;
      loss!.dispose();
      this.iterationCount = t;
      return value;
    } finally {
      rate.dispose();
    }
  }

  /** Current values of the variables ({@link variables} order). */
  readWeights(): Float32Array[] {
    return this.fetchArrays(this.graph.fetches.variables);
  }

  /** Iteration count and slots, in the eager Optimizer's OptimizerState layout. */
  exportState(): OptimizerState {
    const flat = this.fetchArrays(this.graph.fetches.slots.flat());
    const count = this.graph.slotCount;
    return { iterations: this.iterationCount, slots: this.variables.map((_, i) => flat.slice(i * count, (i + 1) * count)) };
  }

  /** Writes the current variables into a tfjs model built from the same architecture (same checks as loadFromModel). */
  writeToModel(model: tf.LayersModel): void {
    const weights = model.trainableWeights;
    if (weights.length !== this.variables.length || this.variables.some((v, i) => v.name !== weights[i]!.originalName || !tf.util.arraysEqual(v.shape, weights[i]!.shape as number[]))) {
      throw new RangeError(`model: expected trainable weights [${this.variables.map((v) => v.name).join(', ')}] with the graph's shapes`);
    }
    const values = this.readWeights();
    // LayerVariable.write copies into the variable and keeps no reference to the tensor given.
    weights.forEach((weight, i) => tf.tidy(() => void weight.write(tf.tensor(values[i]!, weight.shape as number[]))));
  }

  /** Embeddings (N, latentDim) of x; the caller disposes the result. */
  embed(x: tf.Tensor): tf.Tensor {
    return this.run([x], [this.graph.feeds.x], [this.graph.fetches.latent])[0]!;
  }

  /** Reconstructions of x; the caller disposes the result. */
  reconstruct(x: tf.Tensor): tf.Tensor {
    return this.run([x], [this.graph.feeds.x], [this.graph.fetches.output])[0]!;
  }

  /** Closes the session (its variables go with it). */
  dispose(): void {
    if (this.session !== undefined) this.backend.deleteSavedModel(this.session);
    this.session = undefined;
  }

  private run(inputs: tf.Tensor[], feeds: string[], fetches: string[]): tf.Tensor[] {
    if (this.session === undefined) throw new Error('graph engine: the trainer was disposed');
    return this.backend.runSavedModel(
      this.session,
      inputs,
      feeds.map((name) => ({ name })),
      fetches,
    );
  }

  private fetchArrays(fetches: string[]): Float32Array[] {
    const tensors = this.run([], [], fetches);
    try {
      return tensors.map((t) => t.dataSync() as Float32Array).map((a) => a.slice());
    } finally {
      tf.dispose(tensors);
    }
  }
}

/**
 * The model's trainable weights as arrays, checked to be the graph's variables in the graph's order
 * (names and shapes), which is also the order of the eager Optimizer's slots for that model.
 */
export function modelWeightsInGraphOrder(model: tf.LayersModel, variables: ReadonlyArray<{ name: string; shape: number[] }>): Float32Array[] {
  const weights = model.trainableWeights;
  const names = weights.map((w) => w.originalName);
  if (names.length !== variables.length || variables.some((v, i) => v.name !== names[i])) {
    throw new RangeError(`model: expected trainable weights [${variables.map((v) => v.name).join(', ')}], got [${names.join(', ')}]`);
  }
  return variables.map((v, i) => {
    const weight = weights[i]!;
    if (!tf.util.arraysEqual(weight.shape as number[], v.shape)) throw new RangeError(`model: ${v.name} has shape [${weight.shape.join(', ')}], expected [${v.shape.join(', ')}]`);
    return (weight.read().dataSync() as Float32Array).slice();
  });
}
