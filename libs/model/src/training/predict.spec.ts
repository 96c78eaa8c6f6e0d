import * as tf from '@tensorflow/tfjs';
import { buildAutoencoder } from '../architecture/build-autoencoder';
import { arraySource, type SampleSource } from '../data/sample-source';
import { embed, forEachPredictionChunk, reconstructionError } from './predict';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('chunked inference', () => {
  const model = buildAutoencoder({ kind: 'dense', inputShape: [3, 2, 1], hidden: [4], activation: 'tanh', latentDim: 2 }, { seed: 1 });
  const data = Float32Array.from({ length: 10 * 6 }, (_, i) => Math.sin(i));
  const source = arraySource(data, [3, 2, 1]);

  it('embeds in chunks exactly as one big predict, reading one chunk at a time', async () => {
    const reads: Array<[number, number]> = [];
    const spy: SampleSource = { ...source, read: (s, e) => (reads.push([s, e]), source.read(s, e)) };
    const before = tf.memory().numTensors;
    const chunked = await embed(model.encoder, spy, { batchSize: 4 });
    expect(tf.memory().numTensors).toBe(before);
    expect(reads).toEqual([[0, 4], [4, 8], [8, 10]]);
    const whole = (model.encoder.predict(tf.tensor4d(data, [10, 3, 2, 1])) as tf.Tensor).dataSync();
    Array.from(chunked).forEach((v, i) => expect(v).toBeCloseTo(whole[i]!, 6));
  });

  it('streams outputs chunk by chunk and computes the reconstruction MSE', async () => {
    const sizes: number[] = [];
    await forEachPredictionChunk(model.autoencoder, source, (s, e, values) => void sizes.push(values.length / (e - s)), { batchSize: 3 });
    expect(sizes).toEqual([6, 6, 6, 6]);
    const out = (model.autoencoder.predict(tf.tensor4d(data, [10, 3, 2, 1])) as tf.Tensor).dataSync();
    let mse = 0;
    for (let i = 0; i < data.length; i++) mse += (out[i]! - data[i]!) ** 2;
    expect(await reconstructionError(model.autoencoder, source, { batchSize: 3 })).toBeCloseTo(mse / data.length, 6);
    expect(await reconstructionError(model.autoencoder, source, { indices: Int32Array.of(2, 5) })).toBeGreaterThan(0);
  });

  it('validates the source and batch size', () => {
    expect(() => arraySource(new Float32Array(7), [3, 2, 1])).toThrow(/multiple of 6/);
    expect(() => source.read(3, 3)).toThrow(/read\(3, 3\)/);
    expect(() => source.gather(Int32Array.of(10))).toThrow(/indices\[0\]/);
    return expect(embed(model.encoder, source, { batchSize: 0 })).rejects.toThrow(/batchSize/);
  });
});
