/**
 * Timing of the train stages at demo size: `nx run train-worker:bench`
 * (options: --windows 2000 --epochs 3 --dec-steps 200 --backend wasm).
 *
 * Builds a synthetic dataset shaped like the Luhu demo's (64x64x3 spectrogram windows in shards of
 * ~200, one per station-day), then runs the real activity functions (dataset source, checkpoints,
 * FsBlobStore) with the contract's default model and DEC settings, except that pretraining is cut
 * to --epochs and DEC to --dec-steps steps. Prints measured seconds per epoch / per DEC step /
 * per refresh and what the full defaults (30 epochs; 2000 DEC steps with a refresh every 200)
 * would take, for a few dataset sizes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ClusterSettingsSchema, ModelSettingsSchema, type DecHeartbeat } from '@seisdec/contracts';
import { kmeans } from '@seisdec/cluster';
import { initBackend, type BackendPreference } from '@seisdec/model';
import { FsBlobStore, getTensor, putTensor } from '@seisdec/store';
import { createTrainActivities } from '../src/activities';
import { writeSyntheticDataset } from '../src/testing/synthetic-dataset';

const { values } = parseArgs({
  options: {
    windows: { type: 'string', default: '2000' },
    epochs: { type: 'string', default: '3' },
    'dec-steps': { type: 'string', default: '200' },
    backend: { type: 'string', default: 'wasm' },
    k: { type: 'string', default: '6' },
  },
});
const windows = Number(values.windows);
const epochs = Number(values.epochs);
const decSteps = Number(values['dec-steps']);
const k = Number(values.k);

async function main(): Promise<void> {
  const backend = await initBackend({ prefer: values.backend as BackendPreference, log: () => undefined });
  const root = await mkdtemp(path.join(tmpdir(), 'seisdec-train-bench-'));
  try {
    const store = new FsBlobStore(path.join(root, 'store'));
    const shardSizes = Array.from({ length: Math.ceil(windows / 200) }, (_, i) => Math.min(200, windows - i * 200));
    const data = await writeSyntheticDataset(store, { shardSizes, shape: [64, 64, 3], classes: k, noise: 0.2, prefix: 'bench/dataset', seed: 1 });
    const lines: string[] = [];
    const log = (message: string, fields?: Record<string, unknown>) => {
      if (message === 'pretrain: epoch') lines.push(`  epoch ${String(fields?.['epoch'])}: ${Number(fields?.['seconds']).toFixed(1)} s, loss ${Number(fields?.['loss']).toFixed(4)}`);
    };
    const activities = createTrainActivities({ store, backend, scratchRoot: root, log });
    const defaults = ModelSettingsSchema.parse({});
    const decDefaults = ClusterSettingsSchema.shape.dec.parse({});

    console.log(`train-worker bench: ${windows} windows of 64x64x3 in ${shardSizes.length} shards, backend ${backend.backend} (${backend.package})`);
    console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at start (shared with other work)`);

    let started = performance.now();
    const pretrained = await activities.pretrain({ datasetKey: data.datasetKey, model: { ...defaults, epochs }, seed: 42 });
    const pretrainSeconds = (performance.now() - started) / 1000;
    const history = JSON.parse((await store.get(pretrained.historyKey)).toString('utf8')) as Array<{ seconds: number }>;
    // The first epoch also fetches the shards and warms the backend up: the rate is the median of the others.
    const perEpoch = median(history.slice(history.length > 1 ? 1 : 0).map((h) => h.seconds));
    console.log(`pretrain (${defaults.architecture}, batch ${defaults.batchSize}, ${epochs} epochs): ${pretrainSeconds.toFixed(1)} s in all`);
    for (const line of lines) console.log(line);

    started = performance.now();
    const embedded = await activities.embed({ datasetKey: data.datasetKey, modelKey: pretrained.modelKey });
    const embedSeconds = (performance.now() - started) / 1000;
    console.log(`embed: ${embedSeconds.toFixed(1)} s`);

    const latent = await getTensor(store, { ...embedded.latent, dtype: 'float32' });
    const dim = embedded.latent.shape[1]!;
    await putTensor(store, 'bench/centroids.f32', Float32Array.from(kmeans(latent, windows, dim, { k, nInit: 5, seed: 1 }).centroids), [k, dim]);
    const refreshes: DecHeartbeat[] = [];
    started = performance.now();
    const refreshTimes: number[] = [];
    const decActivities = createTrainActivities({
      store,
      backend,
      scratchRoot: root,
      log: (message, fields) => {
        if (message === 'dec: refresh') {
          refreshes.push(fields as unknown as DecHeartbeat);
          refreshTimes.push(performance.now());
        }
      },
    });
    const decResult = await decActivities.decFineTune({
      datasetKey: data.datasetKey,
      modelKey: pretrained.modelKey,
      centroidsKey: 'bench/centroids.f32',
      k,
      dec: { ...decDefaults, maxIter: decSteps },
      seed: 42,
    });
    const decSeconds = (performance.now() - started) / 1000;
    // Between the first and the last refresh: decSteps training steps plus one refresh.
    const stepsAndRefresh = (refreshTimes.at(-1)! - refreshTimes[0]!) / 1000;
    const firstRefresh = (refreshTimes[0]! - started) / 1000; // model load + first embed pass + Q + checkpoint
    console.log(`dec (${decDefaults.mode}, batch ${decDefaults.batchSize}, ${decResult.iterations} steps, k=${k}): ${decSeconds.toFixed(1)} s in all; first refresh after ${firstRefresh.toFixed(1)} s`);

    const samplesPerSecond = (windows * (1 - defaults.validationSplit)) / perEpoch;
    const refreshSeconds = firstRefresh; // an upper bound of one refresh (it includes loading the model)
    const stepSeconds = Math.max(0, stepsAndRefresh - refreshSeconds) / decSteps;
    console.log('');
    console.log(`measured: pretrain ${perEpoch.toFixed(1)} s/epoch (median after the first) (${samplesPerSecond.toFixed(0)} training windows/s incl. validation), DEC ${(stepSeconds * 1000).toFixed(0)} ms/step, refresh <= ${refreshSeconds.toFixed(1)} s per ${windows} windows`);
    console.log('projected with the contract defaults (30 epochs, no early stop before patience 30; DEC 2000 steps, refresh every 200):');
    console.log('| windows | pretrain 30 epochs | embed | DEC 2000 steps + 11 refreshes | train stages total |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const n of [500, 1000, 2000, windows].filter((v, i, a) => a.indexOf(v) === i).sort((a, b) => a - b)) {
      const pre = (30 * perEpoch * n) / windows;
      const emb = (embedSeconds * n) / windows;
      const decProjected = 2000 * stepSeconds + (11 * refreshSeconds * n) / windows;
      console.log(`| ${n} | ${fmt(pre)} | ${fmt(emb)} | ${fmt(decProjected)} | ${fmt(pre + emb + decProjected)} |`);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function fmt(seconds: number): string {
  return seconds >= 90 ? `${(seconds / 60).toFixed(1)} min` : `${seconds.toFixed(0)} s`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
