import * as tf from '@tensorflow/tfjs';
import { CLUSTREMOR_ARCHITECTURE, decPaperArchitecture, parseArchitecture } from './architecture';
import { buildAutoencoder } from './build-autoencoder';
import { createKernelInitializer, DEC_KERAS_KERNEL_INITIALIZER, type KernelInitializerConfig } from './kernel-initializer';
import { TransposedGradDense } from './transposed-grad-dense';
import { deriveSeed } from '../training/rng';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function draw(config: KernelInitializerConfig | undefined, shape: number[], seed: number): Float32Array {
  return tf.tidy(() => createKernelInitializer(config, seed).apply(shape, 'float32').dataSync() as Float32Array);
}

function stats(values: Float32Array): { maxAbs: number; mean: number; variance: number } {
  let sum = 0;
  let maxAbs = 0;
  for (const v of values) {
    sum += v;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { maxAbs, mean, variance: squares / values.length };
}

describe('createKernelInitializer', () => {
  it("DEC-keras' VarianceScaling(1/3, fan_in, uniform) fills U[-sqrt(1/fan_in), sqrt(1/fan_in)]", () => {
    // 784 x 500: the first layer of the DEC autoencoder on 28x28 images.
    const bound = Math.sqrt(1 / 784);
    const { maxAbs, mean, variance } = stats(draw(DEC_KERAS_KERNEL_INITIALIZER, [784, 500], 3));
    expect(maxAbs).toBeLessThanOrEqual(bound * (1 + 1e-6));
    expect(maxAbs).toBeGreaterThan(bound * 0.999); // 392,000 draws reach the edge
    expect(Math.abs(mean)).toBeLessThan(bound / 100);
    // Variance of U[-l, l] is l^2 / 3 = scale / fan_in; the estimate's relative error is ~0.15 % here.
    expect(variance / (bound ** 2 / 3)).toBeCloseTo(1, 2);
  });

  it('uses fan_out and the mean fan for the other modes, Keras-style fans for conv kernels', () => {
    const uniform = (mode: 'fanIn' | 'fanOut' | 'fanAvg', scale = 1): KernelInitializerConfig => ({ kind: 'varianceScaling', scale, mode, distribution: 'uniform' });
    expect(stats(draw(uniform('fanOut'), [300, 50], 1)).maxAbs).toBeLessThanOrEqual(Math.sqrt(3 / 50) * (1 + 1e-6));
    expect(stats(draw(uniform('fanOut'), [300, 50], 1)).maxAbs).toBeGreaterThan(Math.sqrt(3 / 50) * 0.99);
    expect(stats(draw(uniform('fanAvg', 2), [300, 50], 1)).maxAbs).toBeGreaterThan(Math.sqrt(6 / 175) * 0.99);
    expect(stats(draw(uniform('fanAvg', 2), [300, 50], 1)).maxAbs).toBeLessThanOrEqual(Math.sqrt(6 / 175) * (1 + 1e-6));
    // [kh, kw, in, out] = [7, 5, 4, 16]: fan_in = 7 * 5 * 4 = 140.
    const conv = stats(draw(uniform('fanIn', 1 / 3), [7, 5, 4, 16], 2));
    expect(conv.maxAbs).toBeLessThanOrEqual(Math.sqrt(1 / 140) * (1 + 1e-6));
    expect(conv.maxAbs).toBeGreaterThan(Math.sqrt(1 / 140) * 0.98);
  });

  it('truncatedNormal has variance scale / fan and no value beyond 2 standard deviations of the untruncated normal', () => {
    const scale = 2;
    const fanIn = 400;
    const s = Math.sqrt(scale / fanIn) / 0.87962566103423978;
    const values = draw({ kind: 'varianceScaling', scale, mode: 'fanIn', distribution: 'truncatedNormal' }, [fanIn, 500], 5);
    const { maxAbs, variance } = stats(values);
    expect(maxAbs).toBeLessThanOrEqual(2 * s * (1 + 1e-6));
    expect(maxAbs).toBeGreaterThan(1.99 * s);
    expect(variance / (scale / fanIn)).toBeCloseTo(1, 2);
  });

  it('is a pure function of (config, seed) and glorotUniform is the default', () => {
    expect(Array.from(draw(DEC_KERAS_KERNEL_INITIALIZER, [20, 30], 9))).toEqual(Array.from(draw(DEC_KERAS_KERNEL_INITIALIZER, [20, 30], 9)));
    expect(Array.from(draw(DEC_KERAS_KERNEL_INITIALIZER, [20, 30], 9))).not.toEqual(Array.from(draw(DEC_KERAS_KERNEL_INITIALIZER, [20, 30], 10)));
    const glorot = tf.tidy(() => tf.initializers.glorotUniform({ seed: 9 }).apply([20, 30], 'float32').dataSync());
    expect(Array.from(draw(undefined, [20, 30], 9))).toEqual(Array.from(glorot));
    expect(Array.from(draw({ kind: 'glorotUniform' }, [20, 30], 9))).toEqual(Array.from(glorot));
  });
});

describe('kernelInitializer in an architecture', () => {
  it("builds the DEC autoencoder with every kernel in U[-sqrt(1/fan_in), +] and zero biases", () => {
    const model = buildAutoencoder(decPaperArchitecture([28, 28, 1], 10, DEC_KERAS_KERNEL_INITIALIZER), { seed: 4 });
    for (const layer of model.autoencoder.layers.filter((l) => l instanceof TransposedGradDense)) {
      const [kernel, bias] = layer.getWeights() as [tf.Tensor, tf.Tensor];
      const bound = Math.sqrt(1 / kernel.shape[0]!);
      const { maxAbs } = stats(kernel.dataSync() as Float32Array);
      expect(maxAbs).toBeLessThanOrEqual(bound * (1 + 1e-6));
      expect(maxAbs).toBeGreaterThan(bound * 0.95);
      expect(Array.from(bias.dataSync()).every((b) => b === 0)).toBe(true);
    }
  });

  it('leaves the default (Glorot) weights exactly as before and is reproducible per seed', () => {
    const dense = { kind: 'dense', inputShape: [4, 4, 1], hidden: [8], activation: 'relu', latentDim: 3 } as const;
    const kernelOf = (config: object, seed: number, layer = 'enc_dense1') =>
      Array.from(buildAutoencoder(config as never, { seed }).autoencoder.getLayer(layer).getWeights()[0]!.dataSync());
    // The first dense layer draws from stream 0 of the seed, as it always did.
    const glorot = tf.tidy(() => tf.initializers.glorotUniform({ seed: deriveSeed(5, 0) }).apply([16, 8], 'float32').dataSync());
    expect(kernelOf(dense, 5)).toEqual(Array.from(glorot));
    expect(kernelOf({ ...dense, kernelInitializer: { kind: 'glorotUniform' } }, 5)).toEqual(Array.from(glorot));
    const scaled = { ...dense, kernelInitializer: DEC_KERAS_KERNEL_INITIALIZER };
    expect(kernelOf(scaled, 5)).toEqual(kernelOf(scaled, 5));
    expect(kernelOf(scaled, 5)).not.toEqual(kernelOf(scaled, 6));
    expect(kernelOf(scaled, 5)).not.toEqual(kernelOf(dense, 5));
  });

  it('applies to conv architectures (convolutions and the dense layers around the latent)', () => {
    const model = buildAutoencoder({ ...CLUSTREMOR_ARCHITECTURE, inputShape: [32, 32, 1], kernelInitializer: DEC_KERAS_KERNEL_INITIALIZER }, { seed: 1 });
    const conv1 = stats(model.encoder.getLayer('enc_conv1').getWeights()[0]!.dataSync() as Float32Array);
    expect(conv1.maxAbs).toBeLessThanOrEqual(Math.sqrt(1 / 35) * (1 + 1e-6)); // 7 x 5 x 1 inputs per output
    const latent = model.encoder.getLayer('latent').getWeights()[0]!;
    expect(stats(latent.dataSync() as Float32Array).maxAbs).toBeLessThanOrEqual(Math.sqrt(1 / latent.shape[0]!) * (1 + 1e-6));
  });

  it('rejects a bad configuration with a RangeError naming the field', () => {
    const base = { kind: 'dense', inputShape: [4, 4, 1], hidden: [8], activation: 'relu', latentDim: 3 };
    const bad = (kernelInitializer: unknown) => () => parseArchitecture({ ...base, kernelInitializer });
    expect(bad({ kind: 'varianceScaling', scale: -1, mode: 'fanIn', distribution: 'uniform' })).toThrow(RangeError);
    expect(bad({ kind: 'varianceScaling', scale: -1, mode: 'fanIn', distribution: 'uniform' })).toThrow(/kernelInitializer\.scale/);
    expect(bad({ kind: 'varianceScaling', scale: 1, mode: 'fan_in', distribution: 'uniform' })).toThrow(/kernelInitializer\.mode/);
    expect(bad({ kind: 'varianceScaling', scale: 1, mode: 'fanIn', distribution: 'cauchy' })).toThrow(/kernelInitializer\.distribution/);
    expect(bad({ kind: 'heNormal' })).toThrow(/kernelInitializer\.kind/);
    expect(bad({ kind: 'glorotUniform', scale: 2 })).toThrow(/kernelInitializer/);
  });

  it('is kept by the dense layer through serialisation', async () => {
    const input = tf.input({ shape: [6] });
    const layer = new TransposedGradDense({ units: 2, activation: 'relu', kernelSeed: 7, name: 'd', kernelInitializer: DEC_KERAS_KERNEL_INITIALIZER });
    const model = tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    expect(loaded.getLayer('d').getConfig()).toMatchObject({ kernelSeed: 7, kernelInitializer: DEC_KERAS_KERNEL_INITIALIZER });
    expect(new TransposedGradDense({ units: 2, activation: 'relu', kernelSeed: 7 }).getConfig()).not.toHaveProperty('kernelInitializer');
  });
});
