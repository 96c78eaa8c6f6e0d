import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FsBlobStore } from '@seisdec/store';
import { buildAutoencoder } from '../architecture/build-autoencoder';
import { arraySource } from '../data/sample-source';
import { pretrainAutoencoder, splitIndices, type EpochReport } from './pretrain';
import { SeededRng } from './rng';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Samples on a 3-dimensional manifold: smooth bumps whose position and width vary. */
function bumps(count: number, h: number, w: number, seed: number): Float32Array {
  const rng = SeededRng.fromSeed(seed);
  const out = new Float32Array(count * h * w);
  for (let n = 0; n < count; n++) {
    const cy = rng.nextFloat() * h;
    const cx = rng.nextFloat() * w;
    const s = 1 + rng.nextFloat() * 2;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[n * h * w + y * w + x] = Math.exp(-((y - cy) ** 2 + (x - cx) ** 2) / (2 * s * s));
  }
  return out;
}

const tinyConv = {
  kind: 'conv' as const,
  inputShape: [8, 8, 1] as [number, number, number],
  filters: [4, 8],
  kernelSizes: [
    [3, 3],
    [3, 3],
  ] as Array<[number, number]>,
  activation: 'elu' as const,
  latentDim: 4,
};

describe('pretrainAutoencoder', () => {
  it('lowers the reconstruction loss of a small conv autoencoder', async () => {
    const model = buildAutoencoder(tinyConv, { seed: 1 });
    const source = arraySource(bumps(40, 8, 8, 3), [8, 8, 1]);
    const reports: EpochReport[] = [];
    const result = await pretrainAutoencoder(model, source, {
      epochs: 8,
      batchSize: 10,
      validationSplit: 0.25,
      optimizer: { kind: 'adam', learningRate: 1e-2 },
      onEpoch: (r) => void reports.push(r),
    });
    expect(reports).toHaveLength(8);
    expect(reports.map((r) => r.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(reports.every((r) => r.valLoss !== undefined && r.seconds >= 0)).toBe(true);
    const first = result.history[0]!;
    const best = Math.min(...result.history.map((r) => r.loss));
    expect(best).toBeLessThan(first.loss * 0.6);
    expect(result.bestLoss).toBe(Math.min(...result.history.map((r) => r.valLoss!)));
  });

  it('stops early and puts back the best weights', async () => {
    const model = buildAutoencoder({ kind: 'dense', inputShape: [4, 4, 1], hidden: [8], activation: 'relu', latentDim: 2 }, { seed: 2 });
    const source = arraySource(bumps(40, 4, 4, 5), [4, 4, 1]);
    // A learning rate this large makes val_loss stop improving quickly.
    const dir = await mkdtemp(path.join(tmpdir(), 'seisdec-model-'));
    try {
      const checkpointed: number[] = [];
      const result = await pretrainAutoencoder(model, source, {
        epochs: 40,
        batchSize: 8,
        patience: 2,
        optimizer: { kind: 'sgd', learningRate: 0.5, momentum: 0.9 },
        checkpoint: { store: new FsBlobStore(dir), prefix: 'early', every: 5 },
        onEpoch: (r) => {
          if (r.checkpointed) checkpointed.push(r.epoch);
        },
      });
      expect(result.stoppedEarly).toBe(true);
      expect(result.history.length).toBe(result.bestEpoch + 2);
      // Every fifth epoch, plus the epoch that stopped early (its checkpoint is the newest).
      const last = result.history.length;
      expect(checkpointed).toEqual([...Array.from({ length: Math.floor(last / 5) }, (_, i) => 5 * (i + 1)).filter((e) => e !== last), last]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  // A dense net keeps this fast on the cpu backend; the machinery under test is the same for conv nets.
  it('resumes from a checkpoint to the same weights as an uninterrupted run', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'seisdec-model-'));
    try {
      const store = new FsBlobStore(dir);
      const source = arraySource(bumps(48, 6, 6, 7), [6, 6, 1]);
      const arch = { kind: 'dense' as const, inputShape: [6, 6, 1] as [number, number, number], hidden: [16, 8], activation: 'elu' as const, latentDim: 3 };
      const options = { epochs: 5, batchSize: 12, validationSplit: 0.25, seed: 11, patience: 3 };

      const reference = buildAutoencoder(arch, { seed: 4 });
      const full = await pretrainAutoencoder(reference, source, options);

      const interrupted = buildAutoencoder(arch, { seed: 4 });
      const crash = new Error('simulated crash after epoch 3');
      await expect(
        pretrainAutoencoder(interrupted, source, {
          ...options,
          checkpoint: { store, prefix: 'runs/r1/pretrain', every: 2 },
          onEpoch: (r) => {
            if (r.epoch === 3) throw crash;
          },
        }),
      ).rejects.toBe(crash);

      const resumedModel = buildAutoencoder(arch, { seed: 99 }); // different init: everything must come from the checkpoint
      const resumed = await pretrainAutoencoder(resumedModel, source, { ...options, checkpoint: { store, prefix: 'runs/r1/pretrain', every: 2 } });
      expect(resumed.resumedFrom).toBe(2);
      expect(resumed.history.map((r) => [r.loss, r.valLoss])).toEqual(full.history.map((r) => [r.loss, r.valLoss]));
      const a = reference.autoencoder.getWeights();
      const b = resumedModel.autoencoder.getWeights();
      a.forEach((t, i) => expect(Array.from(b[i]!.dataSync())).toEqual(Array.from(t.dataSync())));
      const keys: string[] = [];
      for await (const info of store.list('runs/r1/pretrain/')) keys.push(info.key);
      expect(keys.filter((k) => k.includes('epoch-')).every((k) => k.includes('epoch-000005/'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('splitIndices', () => {
  it('partitions 0..n-1 reproducibly', () => {
    const a = splitIndices(50, 0.2, 3);
    const b = splitIndices(50, 0.2, 3);
    expect(a.validation).toHaveLength(10);
    expect(Array.from(a.validation)).toEqual(Array.from(b.validation));
    expect([...a.train, ...a.validation].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
