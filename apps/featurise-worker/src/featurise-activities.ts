import { ApplicationFailure } from '@temporalio/activity';
import { z } from 'zod';
import {
  DatasetSchema,
  FeaturiseShardInputSchema,
  FeaturiseShardResultSchema,
  SpectrogramSettingsSchema,
  WindowMetaSchema,
  type Dataset,
  type FeaturiseActivities,
  type FeaturiseShardResult,
  type SpectrogramSettings,
  type TensorRef,
  type WindowMeta,
} from '@seisdec/contracts';
import { cropFrequencyBand, stackChannels } from '@seisdec/dsp';
import { BlobNotFoundError, cachedStage, getTensor, putTensor, type BlobStore } from '@seisdec/store';
import { ChannelStatsAccumulator, combineStats, normalisationFromStats } from './channel-stats';
import { heartbeat, invalidInput, parseInput } from '@seisdec/worker-runtime';
import { spectrumOf, windowImage } from './spectrogram-image';

/** Bump when a shard's spectrograms change for the same inputs. */
export const FEATURISE_STAGE_VERSION = 1;
/** Bump when the dataset object changes for the same shards. */
export const DATASET_STAGE_VERSION = 1;
/** Windows between heartbeats (a 20 s, 3-component window takes well under a millisecond per component). */
const HEARTBEAT_EVERY = 64;

const BuildDatasetInputSchema = z.object({
  shards: z.array(FeaturiseShardResultSchema),
  normalisation: SpectrogramSettingsSchema.shape.datasetNormalisation,
});

export interface FeaturiseActivityDeps {
  store: BlobStore;
}

/** The featurise service's activities (featuriseShard, buildDataset), built from their dependencies. */
export function createFeaturiseActivities({ store }: FeaturiseActivityDeps): FeaturiseActivities {
  return {
    async featuriseShard(rawInput) {
      const { windows, metaKey, spectrogram: settings, force } = parseInput(FeaturiseShardInputSchema, rawInput, 'featuriseShard');
      checkShardInput(windows, settings);
      return cachedStage(store, { name: 'featurise', version: FEATURISE_STAGE_VERSION, inputs: { windows, metaKey, spectrogram: settings }, force }, (prefix) =>
        featurise(store, prefix, windows, metaKey, settings),
      );
    },

    async buildDataset(rawInput) {
      const { shards, normalisation } = parseInput(BuildDatasetInputSchema, rawInput, 'buildDataset');
      const used = shards.filter((s) => s.spectrograms.shape[0]! > 0);
      if (used.length === 0) {
        throw ApplicationFailure.nonRetryable(
          `buildDataset: no windows to build a dataset from (${shards.length} shards, none holding a window): ingest produced no window, ` +
            'e.g. in triggered mode no envelope exceeded windowing.madMultiplier x MAD at any station-day; lower madMultiplier or widen the selection',
          'EmptySelection',
        );
      }
      const shape = datasetShape(used);
      const inputs = { shards: used.map((s) => ({ spectrograms: s.spectrograms, metaKey: s.metaKey })), normalisation };
      const result = await cachedStage(store, { name: 'dataset', version: DATASET_STAGE_VERSION, inputs }, async (prefix) => {
        const { offset, scale } = normalisationFromStats(combineStats(used.map((s) => s.stats)), normalisation);
        const dataset: Dataset = DatasetSchema.parse({ ...inputs, count: used.reduce((n, s) => n + s.spectrograms.shape[0]!, 0), shape, offset, scale });
        const datasetKey = `${prefix}/dataset.json`;
        await store.put(datasetKey, JSON.stringify(dataset));
        return { datasetKey, count: dataset.count };
      });
      return result;
    },
  };
}

/**
 * Spectrogram images of every window and component, stacked channels-last into float32
 * [n, height, width, components] at `<prefix>/spectrograms.f32`, with per-channel statistics.
 */
async function featurise(store: BlobStore, prefix: string, windows: TensorRef, metaKey: string, settings: SpectrogramSettings): Promise<Omit<FeaturiseShardResult, 'reused'>> {
  const [n, components, length] = windows.shape as [number, number, number];
  const meta = await loadMeta(store, metaKey, windows);
  const data = await getTensor(store, { ...windows, dtype: 'float32' });
  checkBand(data.subarray(0, length), meta.sampleRate, settings);
  const { height, width } = settings;
  const plane = height * width * components;
  const out = new Float32Array(n * plane);
  const stats = new ChannelStatsAccumulator(components);
  for (let w = 0; w < n; w++) {
    const images: Float32Array[] = [];
    for (let c = 0; c < components; c++) {
      const from = (w * components + c) * length;
      images.push(windowImage(data.subarray(from, from + length), meta.sampleRate, settings));
    }
    const stacked = stackChannels(images, { nFreq: height, nTime: width, layout: 'HWC' });
    out.set(stacked, w * plane);
    stats.add(stacked);
    if ((w + 1) % HEARTBEAT_EVERY === 0) heartbeat({ windows: windows.key, done: w + 1, of: n });
  }
  const spectrograms = await putTensor(store, `${prefix}/spectrograms.f32`, out, [n, height, width, components]);
  return { spectrograms, metaKey, stats: stats.toJSON() };
}

function checkShardInput(windows: TensorRef, settings: SpectrogramSettings): void {
  if (windows.dtype !== 'float32' || windows.shape.length !== 3) {
    throw invalidInput(`windows ${windows.key}: expected a float32 [n, components, samples] tensor, got ${windows.dtype} [${windows.shape.join(', ')}]`);
  }
  const [n, components, length] = windows.shape as [number, number, number];
  if (n === 0 || components === 0) throw invalidInput(`windows ${windows.key}: holds no window ([${windows.shape.join(', ')}])`);
  if (settings.nperseg > length) throw invalidInput(`spectrogram.nperseg ${settings.nperseg} is longer than the ${length}-sample windows of ${windows.key}`);
  if (settings.nfft !== undefined && settings.nfft < settings.nperseg) throw invalidInput(`spectrogram.nfft ${settings.nfft} is shorter than spectrogram.nperseg ${settings.nperseg}`);
  if (settings.band[0] >= settings.band[1]) throw invalidInput(`spectrogram.band: expected [low, high] with low < high, got [${settings.band.join(', ')}]`);
}

/** A band holding no frequency bin at this sample rate is bad input, named with the rate. */
function checkBand(samples: Float32Array, sampleRate: number, settings: SpectrogramSettings): void {
  try {
    cropFrequencyBand(spectrumOf(samples, sampleRate, settings), { minHz: settings.band[0], maxHz: settings.band[1] });
  } catch (error) {
    if (error instanceof RangeError) throw invalidInput(`spectrogram settings do not fit ${sampleRate} Hz windows: ${error.message}`);
    throw error;
  }
}

async function loadMeta(store: BlobStore, metaKey: string, windows: TensorRef): Promise<WindowMeta> {
  let text: string;
  try {
    text = (await store.get(metaKey)).toString('utf8');
  } catch (error) {
    if (error instanceof BlobNotFoundError) throw invalidInput(`metaKey: ${error.message} (expected the WindowMeta written by ingestStationDay)`);
    throw error;
  }
  const meta = WindowMetaSchema.safeParse(JSON.parse(text));
  if (!meta.success) throw invalidInput(`metaKey ${metaKey}: not a WindowMeta object`);
  const [n, components] = windows.shape as [number, number];
  if (meta.data.windows.length !== n || meta.data.components.length !== components) {
    throw invalidInput(`metaKey ${metaKey} describes ${meta.data.windows.length} windows of ${meta.data.components.length} components, but ${windows.key} holds [${windows.shape.join(', ')}]`);
  }
  return meta.data;
}

/** [height, width, channels] shared by every shard; mixing settings in one dataset is bad input. */
function datasetShape(shards: FeaturiseShardResult[]): Dataset['shape'] {
  const [first, ...rest] = shards as [FeaturiseShardResult, ...FeaturiseShardResult[]];
  const shapeOf = (s: FeaturiseShardResult) => s.spectrograms.shape.slice(1).join(' x ');
  for (const s of [first, ...rest]) {
    if (s.spectrograms.shape.length !== 4 || s.stats.sum.length !== s.spectrograms.shape[3]) {
      throw invalidInput(`shard ${s.spectrograms.key}: expected [n, height, width, channels] with statistics per channel, got [${s.spectrograms.shape.join(', ')}] and ${s.stats.sum.length} channel statistics`);
    }
    if (shapeOf(s) !== shapeOf(first)) throw invalidInput(`shard ${s.spectrograms.key} is ${shapeOf(s)} but ${first.spectrograms.key} is ${shapeOf(first)}: featurise every shard with the same settings`);
  }
  const [, height, width, channels] = first.spectrograms.shape as [number, number, number, number];
  return [height, width, channels];
}
