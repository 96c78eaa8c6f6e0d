import { createRng, type Rng } from '@seisdec/cluster';
import type { Dataset, DecResult, ReportInput, SweepPointResult, WindowMeta } from '@seisdec/contracts';
import { putTensor, type BlobStore } from '@seisdec/store';

export interface SyntheticRunOptions {
  stations?: string[];
  /** UTC days (YYYY-MM-DD) with a recording period each, starting at `startHourUtc`. */
  days?: string[];
  windowsPerShard?: number;
  k?: number;
  height?: number;
  width?: number;
  components?: string[];
  seed?: number;
  /** Prefix of every object written. */
  prefix?: string;
}

export interface SyntheticRun {
  input: ReportInput;
  /** Cluster of each window, dataset order. */
  labels: Int32Array;
  /** Window metadata per shard, dataset order. */
  metas: WindowMeta[];
}

/**
 * Builds a small, plausible run in a store, as the upstream stages would leave it: station-day shards
 * of NHWC spectrograms (float32 [n, H, W, C]) with their WindowMeta, a Dataset object with a z-score
 * normalisation, DEC labels and q, a pretraining history, and a k sweep whose CH peaks at `k`.
 * Each cluster has its own spectral signature (a band at a cluster-specific frequency, transient for
 * even clusters and sustained for odd ones), so the mean-spectrogram figure has something to show.
 */
export async function buildSyntheticRun(store: BlobStore, options: SyntheticRunOptions = {}): Promise<SyntheticRun> {
  const {
    stations = ['TW.LH01.00', 'TW.LH02.00', 'TW.LH03.00'],
    days = ['2020-03-28', '2020-04-06'],
    windowsPerShard = 12,
    k = 4,
    height = 32,
    width = 32,
    components = ['EHE', 'EHN', 'EHZ'],
    seed = 7,
    prefix = 'synthetic',
  } = options;
  const rng = createRng(seed);
  const channels = components.length;
  const cells = height * width * channels;
  const shards: Dataset['shards'] = [];
  const metas: WindowMeta[] = [];
  const allLabels: number[] = [];
  const sum = new Float64Array(channels);
  const sumSq = new Float64Array(channels);
  let count = 0;

  for (const station of stations) {
    for (const day of days) {
      const dayStart = Date.parse(`${day}T03:00:00Z`);
      const starts = Array.from({ length: windowsPerShard }, () => dayStart + Math.floor(rng.nextFloat() * 80 * 60) * 1000).sort((a, b) => a - b);
      const meta: WindowMeta = {
        station,
        components,
        sampleRate: 100,
        windows: starts.map((s) => ({ start: new Date(s).toISOString(), end: new Date(s + 20_000).toISOString() })),
      };
      const spectra = new Float32Array(windowsPerShard * cells);
      starts.forEach((s, w) => {
        // Clusters drift with time of day so the cluster-over-time figure shows structure.
        const phase = (s - dayStart) / (80 * 60_000);
        const cluster = rng.nextFloat() < 0.7 ? Math.min(k - 1, Math.floor(phase * k)) : rng.nextInt(k);
        allLabels.push(cluster);
        fillSpectrogram(spectra.subarray(w * cells, (w + 1) * cells), cluster, k, height, width, channels, rng);
      });
      for (let i = 0; i < spectra.length; i++) {
        const c = i % channels;
        sum[c] = sum[c]! + spectra[i]!;
        sumSq[c] = sumSq[c]! + spectra[i]! * spectra[i]!;
      }
      count += windowsPerShard;
      const shardPrefix = `${prefix}/shards/${station}/${day}`;
      const spectrograms = await putTensor(store, `${shardPrefix}/spectrograms.f32`, spectra, [windowsPerShard, height, width, channels]);
      const metaKey = `${shardPrefix}/windows.json`;
      await store.put(metaKey, JSON.stringify(meta));
      shards.push({ spectrograms, metaKey });
      metas.push(meta);
    }
  }

  const valuesPerChannel = count * height * width;
  const offset = Array.from(sum, (s) => s / valuesPerChannel);
  const scale = Array.from(sumSq, (s, c) => Math.sqrt(s / valuesPerChannel - offset[c]! ** 2));
  const dataset: Dataset = { shards, count, shape: [height, width, channels], normalisation: 'zscore', offset, scale };
  const datasetKey = `${prefix}/dataset.json`;
  await store.put(datasetKey, JSON.stringify(dataset));

  const labels = Int32Array.from(allLabels);
  const q = new Float32Array(count * k);
  labels.forEach((label, i) => {
    const confidence = 0.45 + 0.5 * rng.nextFloat();
    for (let j = 0; j < k; j++) q[i * k + j] = j === label ? confidence : (1 - confidence) / (k - 1);
  });
  const clusterSizes = Array.from({ length: k }, (_, j) => labels.filter((l) => l === j).length);
  const dec: DecResult = {
    labels: await putTensor(store, `${prefix}/dec/labels.i32`, labels, [count]),
    q: await putTensor(store, `${prefix}/dec/q.f32`, q, [count, k]),
    latent: { key: `${prefix}/dec/latent.f32`, dtype: 'float32', shape: [count, 8] },
    modelKey: `${prefix}/dec/model`,
    historyKey: `${prefix}/dec/history.json`,
    iterations: 840,
    clusterSizes,
    reused: false,
  };

  const history = Array.from({ length: 30 }, (_, e) => ({
    epoch: e + 1,
    loss: 0.9 * Math.exp(-e / 6) + 0.12 + 0.01 * rng.nextFloat(),
    valLoss: 0.95 * Math.exp(-e / 7) + 0.15 + 0.015 * rng.nextFloat(),
    seconds: 4 + rng.nextFloat(),
  }));
  const pretrainHistoryKey = `${prefix}/pretrain/history.json`;
  await store.put(pretrainHistoryKey, JSON.stringify(history));

  const sweep: SweepPointResult[] = Array.from({ length: 7 }, (_, i) => {
    const kk = i + 2;
    const d = kk - k;
    return {
      k: kk,
      inertia: 5000 / kk + 300,
      calinskiHarabasz: 900 - 60 * d * d + 10 * rng.nextFloat(),
      silhouette: 0.42 - 0.03 * Math.abs(d + 0.5),
      daviesBouldin: 0.8 + 0.07 * Math.abs(d),
      centroidsKey: `${prefix}/ksweep/k${kk}/centroids.f32`,
    };
  });

  const input: ReportInput = {
    archive: 'synthetic',
    runId: 'run-1',
    datasetKey,
    pretrainHistoryKey,
    sweep,
    k,
    criterion: 'calinski-harabasz',
    dec,
    stages: [
      { stage: 'ingest', computed: stations.length * days.length, reused: 0, seconds: 41.2 },
      { stage: 'featurise', computed: 0, reused: stations.length * days.length, seconds: 0.8 },
      { stage: 'pretrain', computed: 1, reused: 0, seconds: 131.7 },
      { stage: 'embed', computed: 1, reused: 0, seconds: 3.1 },
      { stage: 'ksweep', computed: sweep.length, reused: 0, seconds: 12.4 },
      { stage: 'dec', computed: 1, reused: 0, seconds: 57.9 },
    ],
    quarantined: [{ key: 'archives/synthetic/sds/2020/TW/LH04/EHZ.D/TW.LH04.00.EHZ.D.2020.088', offset: 4096, reason: 'Steim-2 frame 3: integration constant mismatch (expected 1832, got -77)' }],
  };
  return { input, labels, metas };
}

/** dB-like spectrogram: noise floor falling with frequency plus the cluster's band. */
function fillSpectrogram(out: Float32Array, cluster: number, k: number, height: number, width: number, channels: number, rng: Rng): void {
  const centre = ((cluster + 1) / (k + 1)) * height;
  const bandwidth = height / (2 * k);
  const transient = cluster % 2 === 0;
  const onset = Math.floor(width / 4);
  for (let f = 0; f < height; f++) {
    const band = Math.exp(-(((f - centre) / bandwidth) ** 2));
    for (let t = 0; t < width; t++) {
      const envelope = transient ? (t < onset ? 0 : Math.exp(-(t - onset) / (width / 6))) : 0.8;
      for (let c = 0; c < channels; c++) {
        const gain = c === channels - 1 ? 1 : 0.7;
        out[(f * width + t) * channels + c] = -40 - (20 * f) / height + 35 * gain * band * envelope + 4 * (rng.nextFloat() - 0.5);
      }
    }
  }
}
