import * as tf from '@tensorflow/tfjs';
import { CLUSTREMOR_ARCHITECTURE } from '../architecture/architecture';
import { buildAutoencoder } from '../architecture/build-autoencoder';
import { arraySource } from '../data/sample-source';
import { pretrainAutoencoder } from '../training/pretrain';
import { GraphAutoencoderTrainer } from './graph-trainer';

describe('graph engine on a non-native backend', () => {
  it('refuses to start, naming the backend it needs and the one that is active', async () => {
    await tf.setBackend('cpu');
    expect(() => new GraphAutoencoderTrainer(CLUSTREMOR_ARCHITECTURE, { kind: 'adam' })).toThrow(
      /graph engine: needs the native 'tensorflow' backend of @tensorflow\/tfjs-node .*the active backend is 'cpu'/,
    );
  });
});

describe("pretrainAutoencoder engine 'graph' on a non-native backend", () => {
  it('is refused before training starts, naming the option and the backend', async () => {
    await tf.setBackend('cpu');
    const model = buildAutoencoder({ kind: 'dense', inputShape: [2, 2, 1], hidden: [3], activation: 'relu', latentDim: 1 });
    const source = arraySource(new Float32Array(40), [2, 2, 1]);
    await expect(pretrainAutoencoder(model, source, { engine: 'graph' })).rejects.toThrow(/engine: 'graph' runs only on the native 'tensorflow' backend .*the active backend is 'cpu'/);
    await expect(pretrainAutoencoder(model, source, { engine: 'lazy' as never })).rejects.toThrow(/engine: expected one of eager, graph, got 'lazy'/);
  });
});
