import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FsBlobStore } from '@seisdec/store';
import { buildAutoencoder } from '../architecture/build-autoencoder';
import { arraySource } from '../data/sample-source';
import { disposeAutoencoder } from '../training/dispose-autoencoder';
import { pretrainAutoencoder } from '../training/pretrain';
import { SeededRng } from '../training/rng';
import { loadDecModel, saveDecModel } from './dec-model';
import { fineTuneDec } from './fine-tune';

// Backend memory: a training run must leave nothing allocated but the model's own weights, on
// success, on failure and when resuming from a checkpoint, so a long-lived worker does not grow.

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const rng = SeededRng.fromSeed(3);
const source = arraySource(Float32Array.from({ length: 30 * 16 }, () => rng.nextFloat()), [4, 4, 1]);
const architecture = { kind: 'dense' as const, inputShape: [4, 4, 1] as [number, number, number], hidden: [8], activation: 'elu' as const, latentDim: 2 };

describe('backend memory of training runs', () => {
  it('pretraining and DEC/IDEC, with checkpoints, resumes and failures, leave only the model weights, which disposeAutoencoder releases', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'seisdec-memory-'));
    try {
      const store = new FsBlobStore(dir);
      const baseline = tf.memory().numTensors;
      const model = buildAutoencoder(architecture, { seed: 1 });
      const weights = model.autoencoder.weights.length;
      expect(tf.memory().numTensors - baseline).toBe(weights);

      const stop = new Error('stop');
      // Adam with best-weights restoring and checkpoints, interrupted and resumed.
      const pretrain = { epochs: 3, batchSize: 10, validationSplit: 0.2, checkpoint: { store, prefix: 'pre' } };
      await expect(
        pretrainAutoencoder(model, source, {
          ...pretrain,
          onEpoch: (r) => {
            if (r.epoch === 2) throw stop;
          },
        }),
      ).rejects.toBe(stop);
      await pretrainAutoencoder(model, source, pretrain);
      await pretrainAutoencoder(model, source, { epochs: 2, batchSize: 10, optimizer: { kind: 'sgd', learningRate: 0.01, nesterov: true } });
      expect(tf.memory().numTensors - baseline).toBe(weights);

      // DEC and IDEC (k-means start), with checkpoints, a failure at a refresh and the resume.
      const dec = { k: 3, batchSize: 10, updateInterval: 3, maxIter: 9, tol: 0, kmeansInit: 2 };
      await fineTuneDec(model, source, { ...dec, mode: 'dec' });
      const checkpoint = { store, prefix: 'dec' };
      await expect(
        fineTuneDec(model, source, {
          ...dec,
          checkpoint,
          onUpdate: (r) => {
            if (r.iteration === 6) throw stop;
          },
        }),
      ).rejects.toBe(stop);
      const resumed = await fineTuneDec(model, source, { ...dec, checkpoint });
      expect(resumed.resumedFrom).toBe(6);
      expect(tf.memory().numTensors - baseline).toBe(weights);

      // A refused checkpoint releases everything too.
      await expect(fineTuneDec(model, source, { ...dec, k: 4, checkpoint })).rejects.toThrow(/saved for another run: k 3 \(now 4\)/);
      expect(tf.memory().numTensors - baseline).toBe(weights);

      // Saving and loading a DEC model: the loaded copy holds its own weights, released the same way.
      await saveDecModel(store, 'model', { model, centroids: resumed.centroids, k: 3, alpha: 1 });
      const loaded = await loadDecModel(store, 'model');
      expect(tf.memory().numTensors - baseline).toBe(2 * weights);
      disposeAutoencoder(loaded.model);
      disposeAutoencoder(model);
      expect(tf.memory().numTensors).toBe(baseline);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
