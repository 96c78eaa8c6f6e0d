import * as tf from '@tensorflow/tfjs';
import { CLUSTREMOR_ARCHITECTURE, clustremorArchitectureFor, convStageShapes, decPaperArchitecture, parseArchitecture, SLOPE_HAZARD_ARCHITECTURE } from './architecture';
import { buildAutoencoder } from './build-autoencoder';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('buildAutoencoder', () => {
  it('builds ClusTremor: 96x128x1 -> 24 -> 96x128x1 with the stated layer stack', () => {
    const { autoencoder, encoder, decoder } = buildAutoencoder(CLUSTREMOR_ARCHITECTURE);
    expect(encoder.outputs[0]!.shape).toEqual([null, 24]);
    expect(decoder.outputs[0]!.shape).toEqual([null, 96, 128, 1]);
    expect(autoencoder.outputs[0]!.shape).toEqual([null, 96, 128, 1]);
    const convs = encoder.layers.filter((l) => l.getClassName() === 'Conv2D');
    expect(convs.map((l) => l.getConfig()['filters'])).toEqual([8, 16, 32, 64]);
    expect(convs.map((l) => l.getConfig()['kernelSize'])).toEqual([[7, 5], [5, 3], [5, 3], [5, 3]]);
    expect(convs.every((l) => l.getConfig()['activation'] === 'elu' && l.getConfig()['padding'] === 'same')).toBe(true);
    const deconvs = decoder.layers.filter((l) => l.getClassName() === 'Conv2DTranspose');
    expect(deconvs.map((l) => l.getConfig()['filters'])).toEqual([32, 16, 8, 1]);
    expect(deconvs.map((l) => l.getConfig()['kernelSize'])).toEqual([[5, 3], [5, 3], [5, 3], [7, 5]]);
    expect(deconvs[3]!.getConfig()['activation']).toBe('linear');
    expect(convStageShapes(CLUSTREMOR_ARCHITECTURE)[4]).toEqual([6, 8, 64]);
  });

  it('builds the slope-hazard network and derived shapes', () => {
    const slope = buildAutoencoder(SLOPE_HAZARD_ARCHITECTURE);
    expect(slope.encoder.outputs[0]!.shape).toEqual([null, 64]);
    expect(slope.autoencoder.outputs[0]!.shape).toEqual([null, 128, 128, 3]);
    const other = buildAutoencoder(clustremorArchitectureFor([32, 48, 2], 5));
    expect(other.autoencoder.outputs[0]!.shape).toEqual([null, 32, 48, 2]);
    expect(other.encoder.outputs[0]!.shape).toEqual([null, 5]);
    const dense = buildAutoencoder(decPaperArchitecture([28, 28, 1]));
    expect(dense.encoder.outputs[0]!.shape).toEqual([null, 10]);
    expect(dense.autoencoder.countParams()).toBe(2 * (784 * 500 + 500 * 500 + 500 * 2000 + 2000 * 10) + (500 + 500 + 2000 + 10) + (2000 + 500 + 500 + 784));
  });

  it('shares weights between autoencoder, encoder and decoder', () => {
    const m = buildAutoencoder({ kind: 'dense', inputShape: [2, 2, 1], hidden: [3], activation: 'relu', latentDim: 2 });
    const x = tf.tensor4d([0.1, 0.2, 0.3, 0.4], [1, 2, 2, 1]);
    const viaParts = m.decoder.predict(m.encoder.predict(x) as tf.Tensor) as tf.Tensor;
    expect(Array.from(viaParts.dataSync())).toEqual(Array.from((m.autoencoder.predict(x) as tf.Tensor).dataSync()));
    const latent = m.encoder.getLayer('latent');
    latent.setWeights(latent.getWeights().map((w) => tf.mul(w, 2)));
    const after = m.autoencoder.getLayer('latent').getWeights()[0]!;
    expect(after.dataSync()[0]).toBeCloseTo(latent.getWeights()[0]!.dataSync()[0]!, 7);
    expect(m.autoencoder.weights.length).toBe(m.encoder.weights.length + m.decoder.weights.length);
  });

  it('is reproducible for a seed and differs across seeds', () => {
    const weights = (seed: number) => buildAutoencoder(CLUSTREMOR_ARCHITECTURE, { seed }).encoder.getLayer('enc_conv1').getWeights()[0]!.dataSync();
    expect(Array.from(weights(3))).toEqual(Array.from(weights(3)));
    expect(Array.from(weights(3))).not.toEqual(Array.from(weights(4)));
  });
});

describe('parseArchitecture', () => {
  it('names the offending field', () => {
    expect(() => parseArchitecture({ ...CLUSTREMOR_ARCHITECTURE, inputShape: [100, 128, 1] })).toThrow(/inputShape: .*divisible by 2\^4 = 16/);
    expect(() => parseArchitecture({ ...CLUSTREMOR_ARCHITECTURE, kernelSizes: [[3, 3]] })).toThrow(/kernelSizes: expected one kernel size per conv layer \(4\), got 1/);
    expect(() => parseArchitecture({ ...CLUSTREMOR_ARCHITECTURE, activation: 'swish' })).toThrow(/activation/);
    expect(() => parseArchitecture({ kind: 'dense', inputShape: [28, 28, 1], hidden: [], activation: 'relu', latentDim: 0 })).toThrow(/latentDim/);
  });

  it('fills the output activation default', () => {
    expect(parseArchitecture({ kind: 'dense', inputShape: [4, 4, 1], hidden: [8], activation: 'relu', latentDim: 2 }).outputActivation).toBe('linear');
  });
});
