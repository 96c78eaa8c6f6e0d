import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { arraySource, buildAutoencoder, fineTuneDec, initBackend, SeededRng, type DecReport } from '@seisdec/model';
import { FsBlobStore } from '@seisdec/store';
import { fineTuneDecResumable, type ResumableDecOptions } from './resumable-dec';

beforeAll(async () => {
  await initBackend({ prefer: 'wasm', log: () => undefined });
});

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'seisdec-dec-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const architecture = {
  kind: 'conv' as const,
  inputShape: [8, 8, 1] as [number, number, number],
  filters: [4, 8],
  kernelSizes: [
    [3, 3],
    [3, 3],
  ] as Array<[number, number]>,
  activation: 'elu' as const,
  latentDim: 3,
};

function samples(count: number): Float32Array {
  const rng = SeededRng.fromSeed(5);
  const out = new Float32Array(count * 64);
  for (let n = 0; n < count; n++) {
    const cy = (n % 3) * 3 + 1;
    for (let i = 0; i < 64; i++) out[n * 64 + i] = Math.exp(-(((i >> 3) - cy) ** 2) / 2) + 0.1 * (rng.nextFloat() - 0.5);
  }
  return out;
}

const source = arraySource(samples(40), [8, 8, 1]);
const centres = Float64Array.from({ length: 9 }, (_, i) => Math.sin(i + 1));
const base = (mode: 'dec' | 'idec'): ResumableDecOptions => ({
  k: 3,
  mode,
  gamma: 0.1,
  batchSize: 8,
  updateInterval: 4,
  tol: 0,
  maxIter: 14,
  learningRate: 0.01,
  momentum: 0.9,
  seed: 7,
  initialCentroids: centres,
  evalBatchSize: 16,
});

const withoutSeconds = (history: DecReport[]) => history.map(({ seconds: _seconds, ...rest }) => rest);

describe('fineTuneDecResumable', () => {
  it.each(['idec', 'dec'] as const)('matches @seisdec/model fineTuneDec bit for bit when uninterrupted on the same backend (%s)', async (mode) => {
    const o = base(mode);
    const ours = await fineTuneDecResumable(buildAutoencoder(architecture, { seed: 1 }), source, o);
    const lib = await fineTuneDec(buildAutoencoder(architecture, { seed: 1 }), source, {
      k: o.k,
      mode,
      gamma: o.gamma,
      batchSize: o.batchSize,
      updateInterval: o.updateInterval,
      tol: o.tol,
      maxIter: o.maxIter,
      optimizer: { kind: 'sgd', learningRate: o.learningRate, momentum: o.momentum },
      seed: o.seed,
      initialCentroids: centres,
      evalBatchSize: o.evalBatchSize!,
    });
    expect(ours.iterations).toBe(14);
    expect(ours.labels).toEqual(lib.labels);
    expect(ours.q).toEqual(lib.q);
    expect(ours.centroids).toEqual(lib.centroids);
    expect(ours.embeddings).toEqual(lib.embeddings);
    expect(withoutSeconds(ours.history)).toEqual(withoutSeconds(lib.history));
    expect(ours.converged).toBe(lib.converged);
  });

  it('resumes from the checkpoint of a failed run and ends exactly where an uninterrupted run ends', async () => {
    const store = new FsBlobStore(root);
    const uninterrupted = await fineTuneDecResumable(buildAutoencoder(architecture, { seed: 1 }), source, base('idec'));

    const keys: Array<string | undefined> = [];
    const crash = new Error('worker lost');
    const failed = fineTuneDecResumable(buildAutoencoder(architecture, { seed: 1 }), source, {
      ...base('idec'),
      checkpoint: { store, prefix: 'dec/ckpt' },
      onRefresh: (report, key) => {
        keys.push(key);
        if (report.iteration === 8) throw crash;
      },
    });
    await expect(failed).rejects.toBe(crash);
    expect(keys).toEqual(['dec/ckpt/epoch-000000', 'dec/ckpt/epoch-000004', 'dec/ckpt/epoch-000008']);

    const refreshes: number[] = [];
    const resumed = await fineTuneDecResumable(buildAutoencoder(architecture, { seed: 99 }), source, {
      ...base('idec'),
      checkpoint: { store, prefix: 'dec/ckpt' },
      onRefresh: (report) => void refreshes.push(report.iteration),
    });
    expect(resumed.resumedFrom).toBe(8);
    expect(refreshes).toEqual([12]);
    expect(resumed.labels).toEqual(uninterrupted.labels);
    expect(resumed.q).toEqual(uninterrupted.q);
    expect(resumed.centroids).toEqual(uninterrupted.centroids);
    expect(withoutSeconds(resumed.history)).toEqual(withoutSeconds(uninterrupted.history));
  });

  it('refuses a checkpoint saved for another k or mode', async () => {
    const store = new FsBlobStore(root);
    const stop = new Error('stop');
    await expect(
      fineTuneDecResumable(buildAutoencoder(architecture, { seed: 1 }), source, {
        ...base('idec'),
        checkpoint: { store, prefix: 'c' },
        onRefresh: () => {
          throw stop;
        },
      }),
    ).rejects.toBe(stop);
    await expect(fineTuneDecResumable(buildAutoencoder(architecture, { seed: 1 }), source, { ...base('dec'), checkpoint: { store, prefix: 'c' } })).rejects.toThrow(
      /saved for k=3 idec, resuming k=3 dec/,
    );
  });

  it('stops at convergence and validates its options', async () => {
    const result = await fineTuneDecResumable(buildAutoencoder(architecture, { seed: 1 }), source, { ...base('dec'), tol: 0.5, maxIter: 400 });
    expect(result.converged).toBe(true);
    expect(result.iterations).toBeLessThan(400);
    await expect(fineTuneDecResumable(buildAutoencoder(architecture, { seed: 1 }), source, { ...base('dec'), k: 41 })).rejects.toThrow(/k: expected an integer in 2..40/);
    await expect(fineTuneDecResumable(buildAutoencoder(architecture, { seed: 1 }), source, { ...base('dec'), initialCentroids: new Float32Array(4) })).rejects.toThrow(
      /initialCentroids: expected k x latentDim = 9 values, got 4/,
    );
  });
});
