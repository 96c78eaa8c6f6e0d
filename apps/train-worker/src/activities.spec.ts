import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ApplicationFailure, CancelledFailure } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import {
  ClusterSettingsSchema,
  ModelSettingsSchema,
  type DecHeartbeat,
  type PretrainHeartbeat,
  type PretrainInput,
  type PretrainResult,
  type TrainActivities,
} from '@seisdec/contracts';
import { adjustedRandIndex, kmeans } from '@seisdec/cluster';
import { initBackend, loadDecModel, type BackendChoice } from '@seisdec/model';
import { FsBlobStore, getTensor, putTensor } from '@seisdec/store';
import { createTrainActivities, pretrainEngine } from './activities';
import { loadAutoencoder } from './autoencoder-store';
import { writeSyntheticDataset, type SyntheticDataset } from './testing/synthetic-dataset';

// Activity functions called directly over an FsBlobStore, on the wasm backend, with a tiny synthetic
// dataset (36 windows of 16x16x3 in three shards plus an empty one, three well separated classes).
// MockActivityEnvironment (Temporal's test tool) supplies heartbeats, heartbeat details and cancellation.

let root: string;
let backend: BackendChoice;
let data: SyntheticDataset;
let store: FsBlobStore;

const model = ModelSettingsSchema.parse({ architecture: 'slope-hazard', latentDim: 8, epochs: 4, batchSize: 8, learningRate: 3e-3, validationSplit: 0.2, checkpointEvery: 1 });
const dec = ClusterSettingsSchema.shape.dec.parse({ mode: 'idec', maxIter: 24, updateInterval: 8, batchSize: 8, tol: 0 });

beforeAll(async () => {
  backend = await initBackend({ prefer: 'wasm', log: () => undefined });
  root = await mkdtemp(path.join(tmpdir(), 'seisdec-train-act-'));
  store = new FsBlobStore(path.join(root, 'main'));
  data = await writeSyntheticDataset(store, { shardSizes: [10, 0, 14, 12], shape: [16, 16, 3], prefix: 'datasets/synthetic', seed: 2 });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function activitiesOn(s: FsBlobStore): TrainActivities {
  return createTrainActivities({ store: s, backend, scratchRoot: root, inferenceBatchSize: 16 });
}

/** Runs `fn` as an activity; records heartbeats; `cancelWhen` cancels the activity on a heartbeat. */
async function runActivity<R>(fn: () => Promise<R>, options: { heartbeatDetails?: unknown; attempt?: number; cancelWhen?: (details: unknown) => boolean } = {}) {
  const env = new MockActivityEnvironment({ heartbeatDetails: options.heartbeatDetails, attempt: options.attempt ?? 1 }, { logger: new DefaultLogger('ERROR') });
  const heartbeats: unknown[] = [];
  env.on('heartbeat', (details: unknown) => {
    heartbeats.push(details);
    if (options.cancelWhen?.(details)) env.cancel();
  });
  const result = await env.run(fn).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  return { ...result, heartbeats };
}

const pretrainInput: PretrainInput = { datasetKey: '', model, seed: 11 };

async function weightsOf(s: FsBlobStore, modelKey: string): Promise<Float32Array[]> {
  const loaded = await loadAutoencoder(s, modelKey);
  const values = loaded.autoencoder.weights.map((w) => (w.read().dataSync() as Float32Array).slice());
  loaded.autoencoder.dispose();
  return values;
}

interface HistoryLine {
  epoch: number;
  loss: number;
  valLoss: number | null;
  seconds: number;
}

describe('train activities', () => {
  let first: PretrainResult;
  let firstHeartbeats: PretrainHeartbeat[];

  it('pretrain: trains, heartbeats every epoch, saves the autoencoder and the history', async () => {
    const run = await runActivity(() => activitiesOn(store).pretrain({ ...pretrainInput, datasetKey: data.datasetKey }));
    expect(run).not.toHaveProperty('error');
    first = (run as { value: PretrainResult }).value;
    firstHeartbeats = run.heartbeats.filter((h): h is PretrainHeartbeat => typeof h === 'object' && h !== null && 'epoch' in h);
    expect(first).toMatchObject({ epochs: 4, backend: 'wasm', engine: 'eager', reused: false });
    expect(first.modelKey).toMatch(/^cache\/pretrain\/[0-9a-f]{32}\/autoencoder$/);
    expect(firstHeartbeats.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
    expect(firstHeartbeats[1]).toMatchObject({ epochs: 4, checkpointKey: expect.stringMatching(/\/checkpoint\/epoch-000002$/) });

    const history = JSON.parse((await store.get(first.historyKey)).toString('utf8')) as HistoryLine[];
    expect(history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
    expect(history[3]!.loss).toBeLessThan(history[0]!.loss * 0.9);
    expect(first.bestValLoss).toBe(Math.min(...history.map((h) => h.valLoss!)));
    expect(firstHeartbeats.map((h) => h.loss)).toEqual(history.map((h) => h.loss));

    const weights = await weightsOf(store, first.modelKey);
    expect(weights.length).toBeGreaterThan(0);
    expect(weights.every((w) => w.every(Number.isFinite))).toBe(true);
  });

  it('pretrain: a second call with the same inputs reuses the stored result without training', async () => {
    const run = await runActivity(() => activitiesOn(store).pretrain({ ...pretrainInput, datasetKey: data.datasetKey }));
    expect((run as { value: PretrainResult }).value).toEqual({ ...first, reused: true });
    expect(run.heartbeats).toEqual([]);
    const other = await runActivity(() => activitiesOn(store).pretrain({ ...pretrainInput, datasetKey: data.datasetKey, seed: 12, model: { ...model, epochs: 1 } }));
    expect((other as { value: PretrainResult }).value).toMatchObject({ reused: false, epochs: 1 });
  });

  it('pretrain: a retried attempt resumes from the checkpoint and ends with the uninterrupted result', async () => {
    const other = new FsBlobStore(path.join(root, 'resume'));
    const copy = await writeSyntheticDataset(other, { shardSizes: [10, 0, 14, 12], shape: [16, 16, 3], prefix: 'datasets/synthetic', seed: 2 });
    const input = { ...pretrainInput, datasetKey: copy.datasetKey };

    const interrupted = await runActivity(() => activitiesOn(other).pretrain(input), { cancelWhen: (h) => (h as PretrainHeartbeat).epoch === 2 });
    expect((interrupted as { error: unknown }).error).toBeInstanceOf(CancelledFailure);
    const lastHeartbeat = interrupted.heartbeats.at(-1) as PretrainHeartbeat;
    expect(lastHeartbeat.epoch).toBe(2);

    const retried = await runActivity(() => activitiesOn(other).pretrain(input), { heartbeatDetails: lastHeartbeat, attempt: 2 });
    const resumed = (retried as { value: PretrainResult }).value;
    expect((retried.heartbeats as PretrainHeartbeat[]).map((h) => h.epoch)).toEqual([3, 4]);
    expect(resumed).toMatchObject({ epochs: 4, bestValLoss: first.bestValLoss, reused: false });
    expect(resumed.modelKey).toBe(first.modelKey); // same inputs, same content address

    const strip = (lines: HistoryLine[]) => lines.map(({ seconds: _s, ...rest }) => rest);
    const historyA = JSON.parse((await store.get(first.historyKey)).toString('utf8')) as HistoryLine[];
    const historyB = JSON.parse((await other.get(resumed.historyKey)).toString('utf8')) as HistoryLine[];
    expect(strip(historyB)).toEqual(strip(historyA));
    expect(await weightsOf(other, resumed.modelKey)).toEqual(await weightsOf(store, first.modelKey));
  });

  it('pretrain: bad settings and datasets fail without retries, naming the field', async () => {
    const bad = await runActivity(() => activitiesOn(store).pretrain({ ...pretrainInput, datasetKey: data.datasetKey, model: { ...model, batchSize: 0 } }));
    expect((bad as { error: ApplicationFailure }).error).toMatchObject({ nonRetryable: true, type: 'InvalidInput', message: expect.stringMatching(/model\.batchSize/) });
    const missing = await runActivity(() => activitiesOn(store).pretrain({ ...pretrainInput, datasetKey: 'datasets/nope.json' }));
    expect((missing as { error: ApplicationFailure }).error.message).toMatch(/datasetKey datasets\/nope.json: no such object/);
  });

  it('pretrain: engine auto is the graph engine on the native backend and eager elsewhere; graph on wasm is bad input naming the backend', async () => {
    const native: BackendChoice = { ...backend, backend: 'tensorflow' };
    expect(pretrainEngine('auto', native)).toBe('graph');
    expect(pretrainEngine('auto', backend)).toBe('eager');
    expect(pretrainEngine('eager', native)).toBe('eager');
    expect(pretrainEngine('graph', backend)).toBe('graph');
    const graphHere = await runActivity(() => activitiesOn(store).pretrain({ ...pretrainInput, datasetKey: data.datasetKey, model: { ...model, engine: 'graph' } }));
    expect((graphHere as { error: ApplicationFailure }).error).toMatchObject({ nonRetryable: true, message: expect.stringMatching(/engine: 'graph' runs only on the native 'tensorflow' backend.*active backend is 'wasm'/) });
  });

  let latent: Float32Array;

  it('embed: writes float32 [N, latentDim] equal to the encoder on the normalised windows, then reuses it', async () => {
    const run = await runActivity(() => activitiesOn(store).embed({ datasetKey: data.datasetKey, modelKey: first.modelKey }));
    const result = (run as { value: Awaited<ReturnType<TrainActivities['embed']>> }).value;
    expect(result.latent).toMatchObject({ dtype: 'float32', shape: [36, 8], key: expect.stringMatching(/^cache\/embed\/[0-9a-f]{32}\/latent.f32$/) });
    latent = await getTensor(store, { ...result.latent, dtype: 'float32' });
    const loaded = await loadAutoencoder(store, first.modelKey);
    const expected = tf.tidy(() => (loaded.encoder.predict(tf.tensor4d(data.normalised, [36, 16, 16, 3])) as tf.Tensor).dataSync() as Float32Array);
    loaded.autoencoder.dispose();
    for (let i = 0; i < expected.length; i++) expect(latent[i]).toBeCloseTo(expected[i]!, 5);
    const again = await runActivity(() => activitiesOn(store).embed({ datasetKey: data.datasetKey, modelKey: first.modelKey }));
    expect((again as { value: { reused: boolean } }).value.reused).toBe(true);
  });

  it('decFineTune: recovers the three classes from k-means starting centres and writes labels, q, latent and the model', async () => {
    const start = kmeans(latent, 36, 8, { k: 3, nInit: 5, seed: 1 });
    await putTensor(store, 'cluster/k3/centroids.f32', Float32Array.from(start.centroids), [3, 8]);
    const run = await runActivity(() =>
      activitiesOn(store).decFineTune({ datasetKey: data.datasetKey, modelKey: first.modelKey, centroidsKey: 'cluster/k3/centroids.f32', k: 3, dec, seed: 5 }),
    );
    expect(run).not.toHaveProperty('error');
    const result = (run as { value: Awaited<ReturnType<TrainActivities['decFineTune']>> }).value;
    expect(result.iterations).toBe(24);
    expect(result.labels).toMatchObject({ dtype: 'int32', shape: [36] });
    expect(result.q).toMatchObject({ dtype: 'float32', shape: [36, 3] });
    expect(result.latent).toMatchObject({ dtype: 'float32', shape: [36, 8] });
    expect(result.clusterSizes.reduce((a, b) => a + b, 0)).toBe(36);

    const labels = await getTensor(store, { ...result.labels, dtype: 'int32' });
    expect(adjustedRandIndex(data.classes, labels)).toBe(1);
    expect(result.clusterSizes).toEqual([0, 1, 2].map((c) => labels.filter((l) => l === c).length));
    const q = await getTensor(store, { ...result.q, dtype: 'float32' });
    for (let i = 0; i < 36; i++) expect(q[i * 3]! + q[i * 3 + 1]! + q[i * 3 + 2]!).toBeCloseTo(1, 5);
    expect((run.heartbeats as DecHeartbeat[]).map((h) => h.iteration)).toEqual([0, 8, 16, 24]);
    expect(run.heartbeats[0]).toMatchObject({ maxIter: 24, labelChange: 1, checkpointKey: expect.stringMatching(/\/checkpoint\/epoch-000000$/) });

    const saved = await loadDecModel(store, result.modelKey);
    expect(saved.k).toBe(3);
    saved.model.autoencoder.dispose();
    const history = JSON.parse((await store.get(result.historyKey)).toString('utf8')) as Array<{ iteration: number }>;
    expect(history.map((h) => h.iteration)).toEqual([0, 8, 16, 24]);
  });

  it('decFineTune: a retried attempt resumes at the last refresh and writes the same labels and q', async () => {
    const centroidsKey = 'cluster/k3/centroids64.f64';
    const start = kmeans(latent, 36, 8, { k: 3, nInit: 5, seed: 1 });
    await store.put(centroidsKey, new Uint8Array(Float64Array.from(start.centroids).buffer)); // float64 centres are accepted too
    const input = { datasetKey: data.datasetKey, modelKey: first.modelKey, centroidsKey, k: 3, dec, seed: 5 };
    const whole = (await runActivity(() => activitiesOn(store).decFineTune(input))) as { value: Awaited<ReturnType<TrainActivities['decFineTune']>> };

    const interrupted = await runActivity(() => activitiesOn(store).decFineTune({ ...input, force: true }), { cancelWhen: (h) => (h as DecHeartbeat).iteration === 8 });
    expect((interrupted as { error: unknown }).error).toBeInstanceOf(CancelledFailure);
    const retried = await runActivity(() => activitiesOn(store).decFineTune({ ...input, force: true }), { heartbeatDetails: interrupted.heartbeats.at(-1), attempt: 2 });
    const resumed = (retried as { value: Awaited<ReturnType<TrainActivities['decFineTune']>> }).value;
    expect((retried.heartbeats as DecHeartbeat[]).map((h) => h.iteration)).toEqual([16, 24]);
    expect(await getTensor(store, { ...resumed.labels, dtype: 'int32' })).toEqual(await getTensor(store, { ...whole.value.labels, dtype: 'int32' }));
    expect(await getTensor(store, { ...resumed.q, dtype: 'float32' })).toEqual(await getTensor(store, { ...whole.value.q, dtype: 'float32' }));
    expect(resumed.clusterSizes).toEqual(whole.value.clusterSizes);
  });

  it('keeps backend memory flat: a run leaves nothing allocated, however many epochs or steps it takes', async () => {
    const activities = activitiesOn(store);
    const leftAfter = async (run: () => Promise<unknown>): Promise<number> => {
      const before = tf.memory().numTensors;
      const outcome = await runActivity(run);
      expect(outcome).not.toHaveProperty('error');
      return tf.memory().numTensors - before;
    };
    const pretrainFor = (epochs: number) => () => activities.pretrain({ ...pretrainInput, datasetKey: data.datasetKey, model: { ...model, epochs }, force: true });
    expect(await leftAfter(pretrainFor(3))).toBe(0);
    expect(await leftAfter(pretrainFor(1))).toBe(0);
    const decFor = (maxIter: number) => () =>
      activities.decFineTune({ datasetKey: data.datasetKey, modelKey: first.modelKey, centroidsKey: 'cluster/k3/centroids.f32', k: 3, dec: { ...dec, maxIter, updateInterval: 2 }, seed: 5, force: true });
    expect(await leftAfter(decFor(8))).toBe(0);
    expect(await leftAfter(decFor(2))).toBe(0);
    expect(await leftAfter(() => activities.embed({ datasetKey: data.datasetKey, modelKey: first.modelKey, force: true }))).toBe(0);
  });

  it('decFineTune: centres of the wrong size and k above the window count are bad input', async () => {
    await store.put('cluster/bad.f32', new Uint8Array(12));
    const wrong = await runActivity(() => activitiesOn(store).decFineTune({ datasetKey: data.datasetKey, modelKey: first.modelKey, centroidsKey: 'cluster/bad.f32', k: 3, dec, seed: 5 }));
    expect((wrong as { error: ApplicationFailure }).error).toMatchObject({ nonRetryable: true, message: expect.stringMatching(/centroidsKey cluster\/bad.f32: expected float32 \[3, 8\] \(96 bytes\)/) });
    const tooMany = await runActivity(() => activitiesOn(store).decFineTune({ datasetKey: data.datasetKey, modelKey: first.modelKey, centroidsKey: 'cluster/bad.f32', k: 40, dec, seed: 5 }));
    expect((tooMany as { error: ApplicationFailure }).error.message).toMatch(/k 40 exceeds the 36 windows/);
  });
});
