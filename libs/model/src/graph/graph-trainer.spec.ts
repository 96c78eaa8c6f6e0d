import * as tf from '@tensorflow/tfjs';
import { CLUSTREMOR_ARCHITECTURE, type ArchitectureInput } from '../architecture/architecture';
import { buildAutoencoder, type Autoencoder } from '../architecture/build-autoencoder';
import { initBackend } from '../backend/init-backend';
import { Optimizer, type OptimizerConfigInput } from '../training/optimizer';
import { GraphAutoencoderTrainer, modelWeightsInGraphOrder } from './graph-trainer';
import { describeNative } from './native-for-tests';


/** max |a - b| / max(1e-30, max |b|): the error relative to the reference's scale. */
function relativeError(actual: Float32Array, expected: Float32Array): number {
  expect(actual.length).toBe(expected.length);
  let diff = 0;
  let scale = 1e-30;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return diff / scale;
}

function batchesFor(shape: readonly number[], sizes: readonly number[], seed: number): tf.Tensor[] {
  return sizes.map((n, i) => tf.randomNormal([n, ...shape], 0, 1, 'float32', seed + i));
}

/** Trains the eager way (the reference): the same model, Optimizer and loss as pretrainAutoencoder. */
function trainEager(model: Autoencoder, config: OptimizerConfigInput, batches: tf.Tensor[]): { losses: number[]; optimizer: Optimizer } {
  const optimizer = new Optimizer(config);
  const net = model.autoencoder;
  const variables = net.trainableWeights.map((w) => w.read() as tf.Variable);
  const losses = batches.map((x) => optimizer.step(() => tf.losses.meanSquaredError(x, net.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, variables));
  return { losses, optimizer };
}

interface Case {
  name: string;
  architecture: ArchitectureInput;
  optimizer: OptimizerConfigInput;
  batchSizes: number[];
}

const cases: Case[] = [
  {
    name: 'ClusTremor (conv 7x5/5x3, ELU, linear output), Adam with a decaying learning rate, last batch smaller',
    architecture: CLUSTREMOR_ARCHITECTURE,
    optimizer: { kind: 'adam', learningRate: 2e-3, decayRate: 0.5, decaySteps: 2 },
    batchSizes: [6, 6, 6, 3],
  },
  {
    name: 'conv on 2 channels, kernels 3x5 and 1x1 (smaller than the stride), ELU, sigmoid output, SGD Nesterov',
    architecture: { kind: 'conv', inputShape: [8, 12, 2], filters: [3, 5], kernelSizes: [[3, 5], [1, 1]], activation: 'elu', latentDim: 3, outputActivation: 'sigmoid' },
    optimizer: { kind: 'sgd', learningRate: 0.05, momentum: 0.9, nesterov: true },
    batchSizes: [5, 5, 4],
  },
  {
    name: 'dense 96-20-10-4 with ReLU and ReLU output, Adam',
    architecture: { kind: 'dense', inputShape: [4, 8, 3], hidden: [20, 10], activation: 'relu', latentDim: 4, outputActivation: 'relu' },
    optimizer: { kind: 'adam', learningRate: 1e-2 },
    batchSizes: [7, 7, 7],
  },
  {
    // SELU with kernels at least as large as the stride: a 1x1 stride-2 transposed convolution
    // leaves pre-activations of exactly 0 (bias 0, nothing written there), where TF's SeluGrad
    // takes the right derivative (scale) and tfjs the left one (scale * alpha), see autoencoder-graph.ts.
    name: 'conv with SELU, tanh output, plain SGD momentum',
    architecture: { kind: 'conv', inputShape: [8, 8, 1], filters: [4, 6], kernelSizes: [[3, 3], [3, 3]], activation: 'selu', latentDim: 2, outputActivation: 'tanh' },
    optimizer: { kind: 'sgd', learningRate: 0.1, momentum: 0.5 },
    batchSizes: [4, 4],
  },
];

describeNative('graph engine', () => {
  beforeAll(async () => {
    const choice = await initBackend({ prefer: 'tensorflow', log: () => undefined });
    // Found but not loadable is a failure here, not a skip.
    expect(choice.backend).toBe('tensorflow');
  });

  it.each(cases)('follows the eager path step by step: $name', ({ architecture, optimizer, batchSizes }) => {
    const model = buildAutoencoder(architecture, { seed: 5 });
    const trainer = new GraphAutoencoderTrainer(architecture, optimizer);
    const batches = batchesFor(model.architecture.inputShape, batchSizes, 11);
    try {
      trainer.loadFromModel(model.autoencoder);
      const graphLosses = batches.map((x) => trainer.step(x));
      const eager = trainEager(model, optimizer, batches);
      graphLosses.forEach((loss, i) => expect(Math.abs(loss - eager.losses[i]!) / Math.abs(eager.losses[i]!)).toBeLessThan(1e-4));
      expect(trainer.iterations).toBe(batchSizes.length);
      expect(trainer.currentLearningRate()).toBeCloseTo(eager.optimizer.currentLearningRate(), 12);

      const expectedWeights = modelWeightsInGraphOrder(model.autoencoder, trainer.variables);
      trainer.readWeights().forEach((w, i) => expect(relativeError(w, expectedWeights[i]!)).toBeLessThan(1e-4));
      const state = trainer.exportState();
      const expectedState = eager.optimizer.exportState();
      expect(state.iterations).toBe(expectedState.iterations);
      state.slots.forEach((list, i) => list.forEach((slot, k) => expect(relativeError(slot, expectedState.slots[i]![k]!)).toBeLessThan(1e-3)));
      eager.optimizer.dispose();
    } finally {
      trainer.dispose();
      tf.dispose(batches);
    }
  });

  it('resumes exactly from readWeights + exportState in a new session', () => {
    const architecture = CLUSTREMOR_ARCHITECTURE;
    const optimizer: OptimizerConfigInput = { kind: 'adam', learningRate: 1e-3, decayRate: 0.9, decaySteps: 3 };
    const model = buildAutoencoder(architecture, { seed: 2 });
    const batches = batchesFor(architecture.inputShape, [4, 4, 4, 4], 21);
    const straight = new GraphAutoencoderTrainer(architecture, optimizer);
    const first = new GraphAutoencoderTrainer(architecture, optimizer);
    const second = new GraphAutoencoderTrainer(architecture, optimizer);
    try {
      straight.loadFromModel(model.autoencoder);
      const straightLosses = batches.map((x) => straight.step(x));
      first.loadFromModel(model.autoencoder);
      const resumedLosses = batches.slice(0, 2).map((x) => first.step(x));
      second.load(first.readWeights(), first.exportState());
      expect(second.iterations).toBe(2);
      resumedLosses.push(...batches.slice(2).map((x) => second.step(x)));
      resumedLosses.forEach((loss, i) => expect(Math.abs(loss - straightLosses[i]!) / straightLosses[i]!).toBeLessThan(1e-6));
      const expected = straight.readWeights();
      second.readWeights().forEach((w, i) => expect(relativeError(w, expected[i]!)).toBeLessThan(1e-6));
    } finally {
      [straight, first, second].forEach((t) => t.dispose());
      tf.dispose(batches);
    }
  });

  it('embeds and reconstructs like the tfjs encoder and autoencoder after writeToModel', () => {
    const architecture = CLUSTREMOR_ARCHITECTURE;
    const model = buildAutoencoder(architecture, { seed: 8 });
    const trainer = new GraphAutoencoderTrainer(architecture, { kind: 'adam', learningRate: 1e-3 });
    const [x] = batchesFor(architecture.inputShape, [5], 31) as [tf.Tensor];
    try {
      trainer.loadFromModel(model.autoencoder);
      trainer.step(x);
      trainer.step(x);
      trainer.writeToModel(model.autoencoder);
      const embedded = trainer.embed(x);
      const reconstructed = trainer.reconstruct(x);
      const expectedEmbedding = model.encoder.predict(x) as tf.Tensor;
      const expectedReconstruction = model.autoencoder.predict(x) as tf.Tensor;
      expect(embedded.shape).toEqual([5, architecture.latentDim]);
      expect(relativeError(embedded.dataSync() as Float32Array, expectedEmbedding.dataSync() as Float32Array)).toBeLessThan(1e-5);
      expect(relativeError(reconstructed.dataSync() as Float32Array, expectedReconstruction.dataSync() as Float32Array)).toBeLessThan(1e-5);
      tf.dispose([embedded, reconstructed, expectedEmbedding, expectedReconstruction]);
    } finally {
      trainer.dispose();
      x.dispose();
    }
  });

  it('checks what it is given and refuses to run after dispose', () => {
    const trainer = new GraphAutoencoderTrainer(CLUSTREMOR_ARCHITECTURE, { kind: 'adam' });
    const sizes = trainer.variables.map((v) => v.shape.reduce((a, b) => a * b, 1));
    expect(() => trainer.load([])).toThrow(/weights: expected 20 arrays, got 0/);
    expect(() => trainer.load(sizes.map((n, i) => new Float32Array(i === 3 ? n + 1 : n)))).toThrow(/weights\[3\] \(enc_conv2\/bias\): expected 16 values, got 17/);
    expect(() => trainer.load(sizes.map((n) => new Float32Array(n)), { iterations: 1, slots: [[new Float32Array(1)]] })).toThrow(/state.slots/);
    trainer.dispose();
    const x = tf.zeros([1, ...CLUSTREMOR_ARCHITECTURE.inputShape]);
    expect(() => trainer.step(x)).toThrow(/disposed/);
    x.dispose();
  });
});
