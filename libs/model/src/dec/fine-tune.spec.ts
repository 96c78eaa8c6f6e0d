import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FsBlobStore } from '@seisdec/store';
import { buildAutoencoder, type Autoencoder } from '../architecture/build-autoencoder';
import { arraySource, type SampleSource } from '../data/sample-source';
import { pretrainAutoencoder } from '../training/pretrain';
import { kmeans } from '@seisdec/cluster';
import { embed, reconstructionError } from '../training/predict';
import { SeededRng } from '../training/rng';
import { DEFAULT_CLUSTER_KERNELS } from './cluster-kernels';
import { loadDecModel, predictClusters, saveDecModel } from './dec-model';
import { fineTuneDec } from './fine-tune';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const kernels = DEFAULT_CLUSTER_KERNELS;

/** Best agreement over all relabelings (k! permutations; k is 3 here). */
function accuracy(truth: Int32Array, predicted: Int32Array, k: number): number {
  const permutations = (items: number[]): number[][] =>
    items.length <= 1 ? [items] : items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
  let best = 0;
  for (const perm of permutations(Array.from({ length: k }, (_, i) => i))) {
    let hits = 0;
    for (let i = 0; i < truth.length; i++) if (perm[predicted[i]!] === truth[i]) hits++;
    best = Math.max(best, hits / truth.length);
  }
  return best;
}

/** Three well-separated Gaussian blobs in a 16-dimensional sample space (4x4x1). */
function blobs(perCluster: number, seed: number): { source: SampleSource; truth: Int32Array } {
  const rng = SeededRng.fromSeed(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
  const centres = [0, 1, 2].map((c) => Array.from({ length: 16 }, (_, t) => (t % 3 === c ? 1 : 0)));
  const data = new Float32Array(3 * perCluster * 16);
  const truth = new Int32Array(3 * perCluster);
  for (let n = 0; n < 3 * perCluster; n++) {
    const c = n % 3;
    truth[n] = c;
    for (let t = 0; t < 16; t++) data[n * 16 + t] = centres[c]![t]! + 0.08 * gauss();
  }
  return { source: arraySource(data, [4, 4, 1]), truth };
}

async function pretrained(source: SampleSource): Promise<Autoencoder> {
  const model = buildAutoencoder({ kind: 'dense', inputShape: [4, 4, 1], hidden: [16], activation: 'elu', latentDim: 2 }, { seed: 5 });
  await pretrainAutoencoder(model, source, { epochs: 25, batchSize: 15, validationSplit: 0, patience: Infinity, optimizer: { kind: 'adam', learningRate: 1e-2 } });
  return model;
}

/** sum_ij p log(p / q) / nRows for row-major (nRows x 3) matrices. */
function klRows(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += p[i]! * Math.log(p[i]! / q[i]!);
  return s / (p.length / 3);
}

describe('fineTuneDec', () => {
  it('DEC recovers well-separated blobs and sharpens the assignments', async () => {
    const { source, truth } = blobs(30, 1);
    const model = await pretrained(source);
    const z0 = await embed(model.encoder, source);
    const start = kmeans(z0, 90, 2, { k: 3, nInit: 5, seed: 1 }).centroids;
    const q0 = kernels.studentTAssignment(z0, 90, 2, start, 3);

    const result = await fineTuneDec(model, source, { k: 3, mode: 'dec', batchSize: 15, updateInterval: 12, maxIter: 72, tol: 0, initialCentroids: start, kernels });
    expect(accuracy(truth, result.labels, 3)).toBe(1);
    expect(result.q).toHaveLength(90 * 3);
    expect(result.embeddings).toHaveLength(90 * 2);
    expect(result.centroids).toHaveLength(3 * 2);
    expect(result.history[0]).toMatchObject({ iteration: 0, labelChange: 1 });
    expect(result.history.length).toBeGreaterThan(1);
    expect(result.history.slice(1).every((r) => Number.isFinite(r.klLoss) && r.reconstructionLoss === undefined)).toBe(true);
    expect(result).toMatchObject({ iterations: 72, converged: false });
    // Self-training pulls Q towards the sharpened target P = q^2 / f (renormalised).
    const p0 = kernels.targetDistribution(q0, 90, 3);
    expect(klRows(p0, result.q)).toBeLessThan(0.8 * klRows(p0, q0));
    // The returned Q is the host kernel applied to the returned embeddings and centres.
    const again = kernels.studentTAssignment(result.embeddings, 90, 2, Float64Array.from(result.centroids), 3);
    again.forEach((v, i) => expect(result.q[i]).toBeCloseTo(v, 5));
  });

  it('IDEC keeps the reconstruction loss bounded', async () => {
    const { source, truth } = blobs(30, 2);
    const model = await pretrained(source);
    const before = await reconstructionError(model.autoencoder, source);
    const result = await fineTuneDec(model, source, { k: 3, mode: 'idec', batchSize: 15, updateInterval: 12, maxIter: 72, kernels, kmeansInit: 5 });
    const after = await reconstructionError(model.autoencoder, source);
    expect(accuracy(truth, result.labels, 3)).toBe(1);
    expect(after).toBeLessThan(1.5 * before);
    expect(result.history.slice(1).every((r) => r.reconstructionLoss !== undefined && r.reconstructionLoss < 1.5 * before + 1e-3)).toBe(true);
  });

  it('stops when fewer than tol of the labels change', async () => {
    const { source } = blobs(20, 3);
    const model = await pretrained(source);
    const result = await fineTuneDec(model, source, { k: 3, mode: 'dec', batchSize: 10, updateInterval: 6, maxIter: 600, tol: 0.01, kernels, kmeansInit: 3 });
    expect(result.converged).toBe(true);
    expect(result.iterations).toBeLessThan(600);
    expect(result.history[result.history.length - 1]!.labelChange).toBeLessThan(0.01);
  });

  it('rejects bad options by name', async () => {
    const { source } = blobs(5, 4);
    const model = buildAutoencoder({ kind: 'dense', inputShape: [4, 4, 1], hidden: [], activation: 'elu', latentDim: 2 });
    await expect(fineTuneDec(model, source, { k: 1, kernels })).rejects.toThrow(/^k: /);
    await expect(fineTuneDec(model, source, { k: 3, updateInterval: 0, kernels })).rejects.toThrow(/updateInterval/);
    await expect(fineTuneDec(model, source, { k: 3, initialCentroids: new Float64Array(5), kernels })).rejects.toThrow(/initialCentroids/);
    await expect(fineTuneDec(model, source, { k: 3, gamma: -0.1, kernels })).rejects.toThrow('gamma: expected a finite number >= 0, got -0.1');
  });
});

describe('saveDecModel / loadDecModel / predictClusters', () => {
  it('round-trips through a BlobStore and predicts the same labels', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'seisdec-dec-'));
    try {
      const store = new FsBlobStore(dir);
      const { source } = blobs(10, 5);
      const model = await pretrained(source);
      const result = await fineTuneDec(model, source, { k: 3, mode: 'idec', batchSize: 10, updateInterval: 5, maxIter: 20, kernels, kmeansInit: 3 });
      await saveDecModel(store, 'models/dec-1', { model, centroids: result.centroids, k: 3, alpha: 1 });
      const loaded = await loadDecModel(store, 'models/dec-1');
      expect(loaded.model.architecture).toEqual(model.architecture);
      const predicted = await predictClusters(loaded, source, { kernels, batchSize: 7 });
      expect(Array.from(predicted.labels)).toEqual(Array.from(result.labels));
      predicted.embeddings.forEach((v, i) => expect(v).toBeCloseTo(result.embeddings[i]!, 5));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
