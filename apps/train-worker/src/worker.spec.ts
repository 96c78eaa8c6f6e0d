import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectionsFromEnv, ModelSettingsSchema, ClusterSettingsSchema, TASK_QUEUES, type DecResult, type EmbedResult } from '@seisdec/contracts';
import { kmeans } from '@seisdec/cluster';
import { freePort } from '@seisdec/devstack';
import { initBackend, type BackendChoice } from '@seisdec/model';
import { createBlobStore, FsBlobStore, getTensor, putTensor, type BlobStore } from '@seisdec/store';
import { workflowBundlerOptions, workspaceRoot } from '@seisdec/worker-runtime';
import { createTrainActivities } from './activities';
import { writeSyntheticDataset, type SyntheticDataset } from './testing/synthetic-dataset';

// Real Temporal dev server + real MinIO (Jest global setup). The activities run in Temporal workers
// created here on unique task queues, called from small test workflows, so their inputs and
// results go through Temporal's serialisation, heartbeats and retries for real.
const env = connectionsFromEnv(process.env);
const suffix = randomBytes(4).toString('hex');
const workflowsPath = require.resolve('./testing/train-workflows');
const minio = env.store as Extract<typeof env.store, { kind: 'minio' }>;

Runtime.install({ logger: new DefaultLogger('ERROR') });

let nativeConnection: NativeConnection;
let connection: Connection;
let client: Client;
let backend: BackendChoice;
let scratchRoot: string;
const running: Array<{ worker: Worker; run: Promise<void> }> = [];

const model = ModelSettingsSchema.parse({ architecture: 'slope-hazard', latentDim: 8, epochs: 4, batchSize: 8, learningRate: 3e-3, validationSplit: 0.2 });
const dec = ClusterSettingsSchema.shape.dec.parse({ maxIter: 16, updateInterval: 8, batchSize: 8, tol: 0 });

beforeAll(async () => {
  backend = await initBackend({ prefer: 'wasm', log: () => undefined });
  scratchRoot = await mkdtemp(path.join(tmpdir(), 'seisdec-train-worker-'));
  nativeConnection = await NativeConnection.connect({ address: env.temporal.address });
  connection = await Connection.connect({ address: env.temporal.address });
  client = new Client({ connection, namespace: env.temporal.namespace });
}, 60_000);

afterAll(async () => {
  for (const { worker } of running) if (worker.getState() === 'RUNNING') worker.shutdown();
  await Promise.allSettled(running.map((r) => r.run));
  await nativeConnection?.close();
  await connection?.close();
  await rm(scratchRoot, { recursive: true, force: true });
});

/** Starts a train worker (and the test workflows) on `taskQueue` over `store`. */
async function startWorker(taskQueue: string, store: BlobStore, log: (message: string, fields?: Record<string, unknown>) => void = () => undefined): Promise<Worker> {
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: env.temporal.namespace,
    taskQueue,
    workflowsPath,
    bundlerOptions: workflowBundlerOptions(),
    activities: createTrainActivities({ store, backend, scratchRoot, log }),
    maxConcurrentActivityTaskExecutions: 1,
    shutdownGraceTime: '100 milliseconds',
  });
  running.push({ worker, run: worker.run() });
  return worker;
}

async function datasetIn(bucket: string): Promise<{ store: BlobStore; data: SyntheticDataset }> {
  const store = createBlobStore({ ...minio, bucket });
  const data = await writeSyntheticDataset(store, { shardSizes: [12, 0, 12, 12], shape: [16, 16, 3], prefix: 'datasets/synthetic', seed: 4 });
  return { store, data };
}

interface HistoryLine {
  epoch: number;
  loss: number;
  valLoss: number | null;
}

const lossesOf = async (store: BlobStore, key: string) =>
  (JSON.parse((await store.get(key)).toString('utf8')) as HistoryLine[]).map(({ epoch, loss, valLoss }) => ({ epoch, loss, valLoss }));

describe('train worker through real Temporal and MinIO', () => {
  it('runs pretrain -> embed -> decFineTune as registered activities; results survive serialisation', async () => {
    const taskQueue = `${TASK_QUEUES.gpu}-${suffix}-a`;
    const { store, data } = await datasetIn(`train-a-${suffix}`);
    await startWorker(taskQueue, store);

    const { pretrained, embedded } = await client.workflow.execute('pretrainThenEmbed', {
      taskQueue,
      workflowId: `train-test/${suffix}/a`,
      args: [{ taskQueue, pretrain: { datasetKey: data.datasetKey, model, seed: 3 } }],
    });
    expect(pretrained).toMatchObject({ epochs: 4, backend: 'wasm', reused: false });
    expect(embedded.latent).toMatchObject({ dtype: 'float32', shape: [36, 8] });

    const latent = await getTensor(store, { ...(embedded as EmbedResult).latent, dtype: 'float32' });
    await putTensor(store, 'ksweep/k=3/centroids.f32', Float32Array.from(kmeans(latent, 36, 8, { k: 3, nInit: 4, seed: 2 }).centroids), [3, 8]);
    const result: DecResult = await client.workflow.execute('decOnly', {
      taskQueue,
      workflowId: `train-test/${suffix}/dec`,
      args: [{ taskQueue, dec: { datasetKey: data.datasetKey, modelKey: pretrained.modelKey, centroidsKey: 'ksweep/k=3/centroids.f32', k: 3, dec, seed: 3 } }],
    });
    expect(result).toMatchObject({ iterations: 16, reused: false, labels: { dtype: 'int32', shape: [36] }, q: { dtype: 'float32', shape: [36, 3] } });
    expect(result.clusterSizes.reduce((a, b) => a + b, 0)).toBe(36);
    expect(await getTensor(store, { ...result.labels, dtype: 'int32' })).toHaveLength(36);

    const again = await client.workflow.execute('pretrainThenEmbed', {
      taskQueue,
      workflowId: `train-test/${suffix}/a-again`,
      args: [{ taskQueue, pretrain: { datasetKey: data.datasetKey, model, seed: 3 } }],
    });
    expect(again.pretrained).toEqual({ ...pretrained, reused: true });
    expect(again.embedded.reused).toBe(true);
  });

  it('resumes pretraining on another worker after the first one shuts down mid-run, ending with the uninterrupted result', async () => {
    const taskQueue = `${TASK_QUEUES.gpu}-${suffix}-b`;
    const { store, data } = await datasetIn(`train-b-${suffix}`);
    const settings = { ...model, epochs: 8 };
    // Reference: the same inputs trained without interruption, in-process, over a filesystem store.
    const fsStore = new FsBlobStore(path.join(scratchRoot, 'reference'));
    const fsData = await writeSyntheticDataset(fsStore, { shardSizes: [12, 0, 12, 12], shape: [16, 16, 3], prefix: 'datasets/synthetic', seed: 4 });
    const uninterrupted = await createTrainActivities({ store: fsStore, backend, scratchRoot }).pretrain({ datasetKey: fsData.datasetKey, model: settings, seed: 3 });

    const firstEpochs: number[] = [];
    const firstWorker: Worker = await startWorker(taskQueue, store, (message, fields) => {
      if (message !== 'pretrain: epoch') return;
      firstEpochs.push(fields?.['epoch'] as number);
      if (fields?.['epoch'] === 2) firstWorker.shutdown(); // the process goes away after epoch 2's checkpoint
    });
    const handle = await client.workflow.start('pretrainThenEmbed', {
      taskQueue,
      workflowId: `train-test/${suffix}/b`,
      args: [{ taskQueue, pretrain: { datasetKey: data.datasetKey, model: settings, seed: 3 } }],
    });
    while (firstWorker.getState() !== 'STOPPED') await sleep(100);
    // The cancellation reaches the activity after the shutdown grace time: it may finish another epoch first.
    const lastCheckpointed = firstEpochs.at(-1)!;
    expect(lastCheckpointed).toBeGreaterThanOrEqual(2);
    expect(lastCheckpointed).toBeLessThan(8);

    const secondLog: Array<{ message: string; fields?: Record<string, unknown> }> = [];
    await startWorker(taskQueue, store, (message, fields) => void secondLog.push({ message, fields }));
    const { pretrained } = await handle.result();
    expect(secondLog[0]?.message).toBe(`pretrain: resuming after epoch ${lastCheckpointed}`);
    expect(secondLog[0]?.fields).toMatchObject({ attempt: 2, heartbeat: { epoch: expect.any(Number), epochs: 8 } });
    const secondEpochs = secondLog.filter((l) => l.message === 'pretrain: epoch').map((l) => l.fields?.['epoch']);
    expect(secondEpochs).toEqual([...Array(8 - lastCheckpointed).keys()].map((i) => lastCheckpointed + 1 + i));
    expect(pretrained.bestValLoss).toBe(uninterrupted.bestValLoss);
    expect(await lossesOf(store, pretrained.historyKey)).toEqual(await lossesOf(fsStore, uninterrupted.historyKey));
  });

  it('resumes DEC fine-tuning on another worker from the last refresh checkpoint, ending with the uninterrupted labels and q', async () => {
    const taskQueue = `${TASK_QUEUES.gpu}-${suffix}-c`;
    const { store, data } = await datasetIn(`train-c-${suffix}`);
    // Inputs made in-process (outside any activity): a short pretraining, embeddings, k-means centres.
    const inProcess = createTrainActivities({ store, backend, scratchRoot });
    const pretrained = await inProcess.pretrain({ datasetKey: data.datasetKey, model: { ...model, epochs: 2 }, seed: 3 });
    const embedded = await inProcess.embed({ datasetKey: data.datasetKey, modelKey: pretrained.modelKey });
    const latent = await getTensor(store, { ...embedded.latent, dtype: 'float32' });
    await putTensor(store, 'ksweep/k=3/centroids.f32', Float32Array.from(kmeans(latent, 36, 8, { k: 3, nInit: 4, seed: 2 }).centroids), [3, 8]);
    // Enough steps that the run outlasts the shutdown grace time after the refresh that stops the worker.
    const settings = { ...dec, maxIter: 80, updateInterval: 10 };
    const input = { datasetKey: data.datasetKey, modelKey: pretrained.modelKey, centroidsKey: 'ksweep/k=3/centroids.f32', k: 3, dec: settings, seed: 3 };

    const firstRefreshes: number[] = [];
    const firstWorker: Worker = await startWorker(taskQueue, store, (message, fields) => {
      if (message !== 'dec: refresh') return;
      firstRefreshes.push(fields?.['iteration'] as number);
      if (fields?.['iteration'] === 20) firstWorker.shutdown(); // the process goes away after the checkpoint of step 20
    });
    const handle = await client.workflow.start('decOnly', { taskQueue, workflowId: `train-test/${suffix}/c`, args: [{ taskQueue, dec: input }] });
    while (firstWorker.getState() !== 'STOPPED') await sleep(100);
    // Every logged refresh before the last step was checkpointed; the cancellation may let a few more through.
    const lastCheckpointed = firstRefreshes.at(-1)!;
    expect(lastCheckpointed).toBeGreaterThanOrEqual(20);
    expect(lastCheckpointed).toBeLessThan(80);

    const secondLog: Array<{ message: string; fields?: Record<string, unknown> }> = [];
    await startWorker(taskQueue, store, (message, fields) => void secondLog.push({ message, fields }));
    const resumed: DecResult = await handle.result();
    expect(secondLog[0]?.message).toBe(`dec: resuming at step ${lastCheckpointed}`);
    expect(secondLog[0]?.fields).toMatchObject({ attempt: 2, heartbeat: { iteration: expect.any(Number), maxIter: 80 } });
    const secondRefreshes = secondLog.filter((l) => l.message === 'dec: refresh').map((l) => l.fields?.['iteration']);
    expect(secondRefreshes).toEqual(Array.from({ length: (80 - lastCheckpointed) / 10 }, (_, i) => lastCheckpointed + 10 * (i + 1)));
    expect(resumed).toMatchObject({ iterations: 80, reused: false });
    const labels = await getTensor(store, { ...resumed.labels, dtype: 'int32' });
    const q = await getTensor(store, { ...resumed.q, dtype: 'float32' });

    // Reference: the same inputs without interruption, in-process (force: the stage's outputs are recomputed from scratch).
    const uninterrupted = await inProcess.decFineTune({ ...input, force: true });
    expect(uninterrupted.reused).toBe(false);
    expect(await getTensor(store, { ...uninterrupted.labels, dtype: 'int32' })).toEqual(labels);
    expect(await getTensor(store, { ...uninterrupted.q, dtype: 'float32' })).toEqual(q);
    expect(uninterrupted.clusterSizes).toEqual(resumed.clusterSizes);
  });

  it('worker.ts: picks the backend, logs it, reports ready, and stops on SIGTERM', async () => {
    const healthPort = await freePort();
    const child = spawn(path.join(workspaceRoot, 'node_modules/.bin/tsx'), [path.join(__dirname, 'worker.ts')], {
      cwd: workspaceRoot,
      env: { ...process.env, SEISDEC_HEALTH_PORT: String(healthPort), SEISDEC_TF_BACKEND: 'wasm' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      let ready = false;
      for (let i = 0; i < 200 && !ready && child.exitCode === null; i++) {
        ready = await fetch(`http://127.0.0.1:${healthPort}/readyz`).then((r) => r.ok, () => false);
        if (!ready) await sleep(250);
      }
      expect(ready).toBe(true);
      const lines = output.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
      const chosen = lines.find((l) => l['msg'] === 'tfjs backend chosen');
      expect(chosen).toMatchObject({ service: 'train-worker', backend: 'wasm', package: '@tensorflow/tfjs-backend-wasm', reason: expect.stringMatching(/SEISDEC_TF_BACKEND=wasm/) });
      const started = lines.find((l) => l['msg'] === 'worker started');
      expect(started).toMatchObject({ taskQueue: TASK_QUEUES.gpu });
      expect(lines.indexOf(chosen!)).toBeLessThan(lines.indexOf(started!));
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 90_000);
});
