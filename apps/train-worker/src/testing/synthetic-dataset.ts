import type { Dataset } from '@seisdec/contracts';
import { SeededRng } from '@seisdec/model';
import { putTensor, type BlobStore } from '@seisdec/store';

export interface SyntheticDatasetOptions {
  /** Windows per shard (0 allowed: a station-day without windows). */
  shardSizes: number[];
  /** [height, width, channels]. */
  shape: [number, number, number];
  /** Number of distinct patterns (classes). Default 3. */
  classes?: number;
  /** Standard deviation of the additive noise, in pattern units. Default 0.05. */
  noise?: number;
  seed?: number;
  /** Key prefix of the shards and the dataset object. */
  prefix: string;
}

export interface SyntheticDataset {
  datasetKey: string;
  dataset: Dataset;
  /** Class of every window, in dataset order. */
  classes: Int32Array;
  /** Normalised windows (what the model should see), in dataset order. */
  normalised: Float32Array;
}

// Raw values are pattern * SCALE + OFFSET (per channel), like dB spectrograms around a level, so the
// dataset normalisation has something to undo.
const OFFSETS = [-40, -35, -30, -45];
const SCALES = [8, 6, 10, 5];

/**
 * Writes float32 NHWC spectrogram-like shards and the Dataset object that lists them. Class c is a
 * smooth blob centred at its own place (well separated classes), plus seeded noise; the class
 * sequence is shuffled so every shard mixes classes.
 */
export async function writeSyntheticDataset(store: BlobStore, options: SyntheticDatasetOptions): Promise<SyntheticDataset> {
  const { shardSizes, shape, classes = 3, noise = 0.05, seed = 1, prefix } = options;
  const [height, width, channels] = shape;
  const sample = height * width * channels;
  const count = shardSizes.reduce((a, b) => a + b, 0);
  const rng = SeededRng.fromSeed(seed);
  const labels = new Int32Array(count).map((_, i) => i % classes);
  rng.shuffle(labels);
  const normalised = new Float32Array(count * sample);
  for (let n = 0; n < count; n++) {
    const c = labels[n]!;
    const cy = (height * (0.5 + 0.35 * Math.cos((2 * Math.PI * c) / classes))) | 0;
    const cx = (width * (0.5 + 0.35 * Math.sin((2 * Math.PI * c) / classes))) | 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const bump = Math.exp(-((y - cy) ** 2 + (x - cx) ** 2) / (2 * (height / 8) ** 2));
        for (let ch = 0; ch < channels; ch++) normalised[n * sample + (y * width + x) * channels + ch] = bump * (1 + 0.2 * ch) + noise * gaussian(rng);
      }
    }
  }
  const offset = Array.from({ length: channels }, (_, ch) => OFFSETS[ch % OFFSETS.length]!);
  const scale = Array.from({ length: channels }, (_, ch) => SCALES[ch % SCALES.length]!);
  // Store raw = normalised * scale + offset in float32, then recompute what normalising gives back,
  // so `normalised` matches the reader's arithmetic exactly.
  const raw = new Float32Array(normalised.length);
  for (let i = 0; i < raw.length; i++) raw[i] = normalised[i]! * scale[i % channels]! + offset[i % channels]!;
  for (let i = 0; i < raw.length; i++) normalised[i] = (raw[i]! - offset[i % channels]!) / scale[i % channels]!;

  const shards: Dataset['shards'] = [];
  let start = 0;
  for (const [i, size] of shardSizes.entries()) {
    const ref = await putTensor(store, `${prefix}/shard-${i}/spectrograms.f32`, raw.slice(start * sample, (start + size) * sample), [size, height, width, channels]);
    shards.push({ spectrograms: ref, metaKey: `${prefix}/shard-${i}/windows.json` });
    start += size;
  }
  const dataset: Dataset = { shards, count, shape, normalisation: 'zscore', offset, scale };
  const datasetKey = `${prefix}/dataset.json`;
  await store.put(datasetKey, JSON.stringify(dataset));
  return { datasetKey, dataset, classes: labels, normalised };
}

function gaussian(rng: SeededRng): number {
  const u = Math.max(rng.nextFloat(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
}
