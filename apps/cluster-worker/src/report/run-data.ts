import { z } from 'zod';
import { DatasetSchema, WindowMetaSchema, formatIssues, type Dataset, type ReportInput, type WindowMeta } from '@seisdec/contracts';
import type { BlobStore } from '@seisdec/store';
import { checkpoint, heartbeat } from '../activity-context';
import { invalidInput } from '../failures';
import { readFloat32Matrix, readFloat32Values, readInt32Vector, readJson } from '../tensors';

/** One window of the dataset, in dataset order. */
export interface WindowRow {
  station: string;
  components: string[];
  start: string;
  end: string;
  /** Milliseconds since the epoch of `start` (for plotting). */
  startMs: number;
  cluster: number;
  maxQ: number;
}

/** Mean normalised spectrogram of one cluster: [height, width, channels] row-major (NHWC minus N). */
export interface ClusterSpectrogram {
  cluster: number;
  count: number;
  mean: Float64Array;
}

export interface EpochLoss {
  epoch: number;
  loss: number;
  valLoss: number | null;
  seconds: number;
}

/** Everything the report shows, read from the store and checked against each other. */
export interface RunData {
  dataset: Dataset;
  windows: WindowRow[];
  clusterSizes: number[];
  spectrograms: ClusterSpectrogram[];
  /** Component names of the spectrogram channels (from the first shard). */
  channels: string[];
  /** Window duration in seconds (median over windows), for the spectrogram time axis. */
  windowSeconds: number;
  history: EpochLoss[];
}

const HistorySchema = z.array(
  z.object({
    epoch: z.number().int(),
    loss: z.number(),
    valLoss: z.number().nullable().optional(),
    seconds: z.number().nonnegative().default(0),
  }),
);

/**
 * Reads the dataset, its shards' window metadata and spectrograms, DEC's labels and q, and the
 * pretraining history. Inconsistent inputs (counts, shapes, labels out of range) are bad input,
 * reported non-retryably with both sides of the disagreement.
 */
export async function loadRunData(store: BlobStore, input: ReportInput): Promise<RunData> {
  const parsedDataset = DatasetSchema.safeParse(await readJson(store, input.datasetKey, 'datasetKey'));
  if (!parsedDataset.success) throw invalidInput(`datasetKey ${input.datasetKey}: not a dataset object: ${formatIssues(parsedDataset.error)}`);
  const dataset = parsedDataset.data;
  const { labels: labelsRef, q: qRef } = input.dec;
  const count = dataset.count;

  const labels = await readInt32Vector(store, labelsRef, 'dec.labels');
  if (labels.length !== count) {
    throw invalidInput(`dec.labels ${labelsRef.key} has ${labels.length} labels but dataset ${input.datasetKey} has ${count} windows; they must be the same windows in the same order`);
  }
  const q = await readFloat32Matrix(store, qRef, 'dec.q');
  if (q.rows !== count) throw invalidInput(`dec.q ${qRef.key} has ${q.rows} rows but dataset ${input.datasetKey} has ${count} windows`);
  if (q.cols !== input.k) throw invalidInput(`dec.q ${qRef.key} has ${q.cols} columns but k = ${input.k}`);
  const outOfRange = labels.findIndex((l) => l < 0 || l >= input.k);
  if (outOfRange >= 0) throw invalidInput(`dec.labels ${labelsRef.key}: window ${outOfRange} has cluster ${labels[outOfRange]}, outside 0..${input.k - 1} for k = ${input.k}`);

  const [height, width, channels] = dataset.shape;
  const cells = height * width * channels;
  if (dataset.offset.length !== channels || dataset.scale.length !== channels) {
    throw invalidInput(`datasetKey ${input.datasetKey}: offset/scale have ${dataset.offset.length}/${dataset.scale.length} entries for ${channels} channels`);
  }
  const badScale = dataset.scale.findIndex((v) => !Number.isFinite(v) || v === 0);
  if (badScale >= 0) throw invalidInput(`datasetKey ${input.datasetKey}: scale[${badScale}] is ${dataset.scale[badScale]}; expected a finite non-zero divisor`);
  const sums = Array.from({ length: input.k }, () => new Float64Array(cells));
  const clusterSizes = new Array<number>(input.k).fill(0);
  const windows: WindowRow[] = [];
  let channelNames: string[] | undefined;

  for (const [s, shard] of dataset.shards.entries()) {
    const meta = await readMeta(store, shard.metaKey);
    const n = meta.windows.length;
    const expectedShape = [n, height, width, channels];
    if (shard.spectrograms.dtype !== 'float32' || shard.spectrograms.shape.join(',') !== expectedShape.join(',')) {
      throw invalidInput(
        `dataset ${input.datasetKey} shard ${s}: spectrograms ${shard.spectrograms.key} are ${shard.spectrograms.dtype} [${shard.spectrograms.shape.join(', ')}], ` +
          `expected float32 [${expectedShape.join(', ')}] for the ${n} windows of ${shard.metaKey}`,
      );
    }
    if (windows.length + n > count) throw invalidInput(`dataset ${input.datasetKey}: its shards hold more than count = ${count} windows (shard ${s}, ${shard.metaKey})`);
    if (meta.components.length !== channels) {
      throw invalidInput(`${shard.metaKey}: ${meta.components.length} components (${meta.components.join(', ')}) but the dataset has ${channels} channels`);
    }
    channelNames ??= meta.components;
    const spectra = await readFloat32Values(store, shard.spectrograms.key, n * cells, `dataset shard ${s} spectrograms`, expectedShape);
    for (let w = 0; w < n; w++) {
      const index = windows.length;
      const cluster = labels[index]!;
      const window = meta.windows[w]!;
      windows.push({
        station: meta.station,
        components: meta.components,
        start: window.start,
        end: window.end,
        startMs: parseUtc(window.start, shard.metaKey, w),
        cluster,
        maxQ: rowMax(q.data, index, q.cols),
      });
      clusterSizes[cluster] = clusterSizes[cluster]! + 1;
      const sum = sums[cluster]!;
      const offset = w * cells;
      for (let c = 0; c < cells; c++) sum[c] = sum[c]! + spectra[offset + c]!;
    }
    heartbeat({ shard: s + 1, shards: dataset.shards.length });
    await checkpoint();
  }
  if (windows.length !== count) {
    throw invalidInput(`dataset ${input.datasetKey}: count is ${count} but its ${dataset.shards.length} shards hold ${windows.length} windows`);
  }

  return {
    dataset,
    windows,
    clusterSizes,
    spectrograms: sums.map((sum, cluster) => ({ cluster, count: clusterSizes[cluster]!, mean: normalisedMean(sum, clusterSizes[cluster]!, dataset) })),
    channels: channelNames ?? Array.from({ length: channels }, (_, c) => `channel ${c}`),
    windowSeconds: medianWindowSeconds(windows),
    history: await readHistory(store, input.pretrainHistoryKey),
  };
}

async function readMeta(store: BlobStore, key: string): Promise<WindowMeta> {
  const parsed = WindowMetaSchema.safeParse(await readJson(store, key, 'dataset shard metaKey'));
  if (!parsed.success) throw invalidInput(`window metadata ${key}: ${formatIssues(parsed.error)}`);
  return parsed.data;
}

async function readHistory(store: BlobStore, key: string): Promise<EpochLoss[]> {
  const parsed = HistorySchema.safeParse(await readJson(store, key, 'pretrainHistoryKey'));
  if (!parsed.success) throw invalidInput(`pretrainHistoryKey ${key}: expected [{ epoch, loss, valLoss, seconds }]: ${formatIssues(parsed.error)}`);
  return parsed.data.map((e) => ({ epoch: e.epoch, loss: e.loss, valLoss: e.valLoss ?? null, seconds: e.seconds }));
}

function parseUtc(iso: string, metaKey: string, index: number): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw invalidInput(`${metaKey}: window ${index} start ${JSON.stringify(iso)} is not an ISO-8601 time`);
  return ms;
}

function rowMax(data: Float32Array, row: number, cols: number): number {
  let max = -Infinity;
  for (let c = 0; c < cols; c++) max = Math.max(max, data[row * cols + c]!);
  return max;
}

/**
 * The mean spectrogram of a cluster in the model's units: the dataset normalisation is affine per
 * channel, so normalising the mean equals averaging the normalised windows.
 */
function normalisedMean(sum: Float64Array, count: number, dataset: Dataset): Float64Array {
  const channels = dataset.shape[2];
  const mean = new Float64Array(sum.length);
  if (count === 0) return mean.fill(Number.NaN);
  for (let i = 0; i < sum.length; i++) {
    const c = i % channels;
    mean[i] = (sum[i]! / count - dataset.offset[c]!) / dataset.scale[c]!;
  }
  return mean;
}

function medianWindowSeconds(windows: WindowRow[]): number {
  if (windows.length === 0) return 0;
  const durations = windows.map((w) => (Date.parse(w.end) - w.startMs) / 1000).sort((a, b) => a - b);
  return durations[Math.floor(durations.length / 2)]!;
}
