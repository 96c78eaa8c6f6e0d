import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FsBlobStore } from '@seisdec/store';
import { buildAutoencoder, type Autoencoder } from '../architecture/build-autoencoder';
import { arraySource } from '../data/sample-source';
import { CheckpointError } from '../training/checkpoint';
import { SeededRng } from '../training/rng';
import { fineTuneDec, type DecOptions, type DecReport, type DecResult } from './fine-tune';

// Checkpoint and resume of fineTuneDec. Every comparison is exact: on one backend the resumed
// run must reproduce the uninterrupted one bit for bit (weights, centres, Q, labels, history).

beforeAll(async () => {
  await tf.setBackend('cpu');
});

let root: string;
let store: FsBlobStore;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'seisdec-dec-ckpt-'));
  store = new FsBlobStore(root);
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

/** Three groups of horizontal bands (rows 1, 4, 7) with noise. */
function bands(count: number): Float32Array {
  const rng = SeededRng.fromSeed(5);
  const out = new Float32Array(count * 64);
  for (let n = 0; n < count; n++) {
    const cy = (n % 3) * 3 + 1;
    for (let i = 0; i < 64; i++) out[n * 64 + i] = Math.exp(-(((i >> 3) - cy) ** 2) / 2) + 0.1 * (rng.nextFloat() - 0.5);
  }
  return out;
}

const source = arraySource(bands(40), [8, 8, 1]);
const centres = Float64Array.from({ length: 9 }, (_, i) => Math.sin(i + 1));
const options = (mode: 'dec' | 'idec'): DecOptions => ({
  k: 3,
  mode,
  batchSize: 8,
  updateInterval: 4,
  tol: 0,
  maxIter: 14,
  seed: 7,
  initialCentroids: centres,
  evalBatchSize: 16,
});

const model = (seed = 1): Autoencoder => buildAutoencoder(architecture, { seed });
const weightsOf = (m: Autoencoder) => m.autoencoder.weights.map((w) => Array.from(w.read().dataSync()));
const withoutSeconds = (history: DecReport[]) => history.map(({ seconds: _seconds, ...rest }) => rest);

function expectSameRun(actual: DecResult, expected: DecResult): void {
  expect(actual.iterations).toBe(expected.iterations);
  expect(Array.from(actual.labels)).toEqual(Array.from(expected.labels));
  expect(Array.from(actual.initialLabels)).toEqual(Array.from(expected.initialLabels));
  expect(Array.from(actual.q)).toEqual(Array.from(expected.q));
  expect(Array.from(actual.centroids)).toEqual(Array.from(expected.centroids));
  expect(Array.from(actual.embeddings)).toEqual(Array.from(expected.embeddings));
  expect(withoutSeconds(actual.history)).toEqual(withoutSeconds(expected.history));
}

async function keysUnder(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of store.list(prefix)) keys.push(info.key);
  return keys;
}

describe('fineTuneDec checkpoints', () => {
  it('resumes after a failure at a refresh and ends exactly where an uninterrupted run ends (IDEC, SGD momentum)', async () => {
    const reference = model();
    const uninterrupted = await fineTuneDec(reference, source, options('idec'));

    const crash = new Error('worker lost');
    const updates: Array<[number, string | undefined]> = [];
    const interrupted = model();
    await expect(
      fineTuneDec(interrupted, source, {
        ...options('idec'),
        checkpoint: { store, prefix: 'runs/dec' },
        onUpdate: (report, key) => {
          updates.push([report.iteration, key]);
          if (report.iteration === 8) throw crash;
        },
      }),
    ).rejects.toBe(crash);
    expect(updates).toEqual([
      [0, 'runs/dec/epoch-000000'],
      [4, 'runs/dec/epoch-000004'],
      [8, 'runs/dec/epoch-000008'],
    ]);
    // Only the newest checkpoint is kept.
    expect((await keysUnder('runs/dec/epoch-')).every((key) => key.startsWith('runs/dec/epoch-000008/'))).toBe(true);
    // The stopped run is 6 steps short: the comparison below is not between equal states.
    expect(weightsOf(interrupted)).not.toEqual(weightsOf(reference));

    const resumedModel = model(99); // other initial weights: everything must come from the checkpoint
    const later: Array<[number, string | undefined]> = [];
    const resumed = await fineTuneDec(resumedModel, source, {
      ...options('idec'),
      checkpoint: { store, prefix: 'runs/dec' },
      onUpdate: (report, key) => void later.push([report.iteration, key]),
    });
    expect(resumed.resumedFrom).toBe(8);
    expect(uninterrupted.resumedFrom).toBeUndefined();
    expect(later).toEqual([[12, 'runs/dec/epoch-000012']]); // the refresh at 8 is not repeated
    expectSameRun(resumed, uninterrupted);
    expect(weightsOf(resumedModel)).toEqual(weightsOf(reference));
  });

  it('checkpoints every n-th refresh and continues a finished run with a larger maxIter (DEC, Adam)', async () => {
    const adam = { ...options('dec'), optimizer: { kind: 'adam' as const, learningRate: 1e-3 } };
    const reference = model();
    const whole = await fineTuneDec(reference, source, { ...adam, maxIter: 14 });

    const keys: Array<string | undefined> = [];
    const checkpoint = { store, prefix: 'split', every: 2 };
    const firstPart = await fineTuneDec(model(), source, { ...adam, maxIter: 10, checkpoint, onUpdate: (_r, key) => void keys.push(key) });
    expect(firstPart.iterations).toBe(10);
    // Refreshes at 0, 4, 8; every second one is checkpointed.
    expect(keys).toEqual(['split/epoch-000000', undefined, 'split/epoch-000008']);

    const resumedModel = model(3);
    const rest = await fineTuneDec(resumedModel, source, { ...adam, maxIter: 14, checkpoint });
    expect(rest.resumedFrom).toBe(8);
    expectSameRun(rest, whole);
    expect(weightsOf(resumedModel)).toEqual(weightsOf(reference));
  });

  it('refuses a checkpoint of another run, naming its state.json and the settings that differ, and leaves the model as it was', async () => {
    const stop = new Error('stop');
    await expect(
      fineTuneDec(model(), source, {
        ...options('idec'),
        checkpoint: { store, prefix: 'c' },
        onUpdate: () => {
          throw stop;
        },
      }),
    ).rejects.toBe(stop);

    const untouched = model(5);
    const before = weightsOf(untouched);
    const refusal = fineTuneDec(untouched, source, { ...options('dec'), batchSize: 10, checkpoint: { store, prefix: 'c' } });
    await expect(refusal).rejects.toThrow(CheckpointError);
    await expect(refusal).rejects.toThrow('checkpoint c/epoch-000000/state.json: saved for another run: mode "idec" (now "dec"), batchSize 8 (now 10)');
    expect(weightsOf(untouched)).toEqual(before);
    // Another optimizer is another run too.
    await expect(fineTuneDec(model(), source, { ...options('idec'), optimizer: { kind: 'sgd', learningRate: 0.02 }, checkpoint: { store, prefix: 'c' } })).rejects.toThrow(
      /c\/epoch-000000\/state.json: saved for another run: optimizer .*"learningRate":0.01.*now .*"learningRate":0.02/,
    );
  });

  it('refuses a checkpoint written for another architecture, naming the model.json, before writing any weight', async () => {
    const stop = new Error('stop');
    const wider = { ...architecture, filters: [4, 6] };
    await expect(
      fineTuneDec(buildAutoencoder(wider, { seed: 1 }), source, {
        ...options('idec'),
        checkpoint: { store, prefix: 'arch' },
        onUpdate: () => {
          throw stop;
        },
      }),
    ).rejects.toBe(stop);
    const other = model(5);
    const before = weightsOf(other);
    await expect(fineTuneDec(other, source, { ...options('idec'), checkpoint: { store, prefix: 'arch' } })).rejects.toThrow(
      /^checkpoint arch\/epoch-000000\/model\/model.json: enc_conv2\/kernel saved with shape \[3, 3, 4, 6\], the model has \[3, 3, 4, 8\]$/,
    );
    expect(weightsOf(other)).toEqual(before);
  });

  it('names the object at fault when a checkpoint is corrupt', async () => {
    const stop = new Error('stop');
    /** A run stopped after the checkpoint of step 4 under `prefix`. */
    const interrupted = (prefix: string) =>
      expect(
        fineTuneDec(model(), source, {
          ...options('idec'),
          checkpoint: { store, prefix },
          onUpdate: (report) => {
            if (report.iteration === 4) throw stop;
          },
        }),
      ).rejects.toBe(stop);
    const resume = (prefix: string) => fineTuneDec(model(), source, { ...options('idec'), checkpoint: { store, prefix } });

    await interrupted('a');
    const arrays = await store.get('a/epoch-000004/arrays.bin');
    await store.put('a/epoch-000004/arrays.bin', arrays.subarray(0, arrays.length - 4));
    await expect(resume('a')).rejects.toThrow(/^checkpoint a\/epoch-000004\/arrays.bin: bytes: expected 836 bytes for lengths \[9, 120, 40, 40\], got 832$/);

    await interrupted('b');
    await store.put('b/epoch-000004/optimizer.bin', new Uint8Array(8));
    await expect(resume('b')).rejects.toThrow(/^checkpoint b\/epoch-000004\/optimizer.bin: bytes: expected \d+ bytes/);

    await interrupted('c');
    await store.put('c/epoch-000004/state.json', '{"version": 1, "epoch": 4, "state": {');
    await expect(resume('c')).rejects.toThrow(/^checkpoint c\/epoch-000004\/state.json: not valid JSON/);

    await interrupted('d');
    await store.put('d/epoch-000004/state.json', JSON.stringify({ version: 1, epoch: 4, state: {}, optimizer: { config: { kind: 'sgd' }, slotLengths: [] }, arrayLengths: [] }));
    await expect(resume('d')).rejects.toThrow(/^checkpoint d\/epoch-000004\/state.json: not a DEC checkpoint/);

    await interrupted('e');
    await store.put('e/latest.json', '{"directory": "../elsewhere"}');
    await expect(resume('e')).rejects.toThrow(/^checkpoint e\/latest.json: expected \{"directory": "epoch-NNNNNN", \.\.\.\}/);
  });

  it('validates checkpoint.every', async () => {
    await expect(fineTuneDec(model(), source, { ...options('dec'), checkpoint: { store, prefix: 'x', every: 0 } })).rejects.toThrow(
      'checkpoint.every: expected a positive integer, got 0',
    );
  });
});
