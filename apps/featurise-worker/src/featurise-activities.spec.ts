import { ApplicationFailure } from '@temporalio/activity';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DatasetSchema, SpectrogramSettingsSchema, type FeaturiseShardResult, type SpectrogramSettings, type TensorRef, type WindowMeta } from '@seisdec/contracts';
import { butterworthFilter, cosineTaper, cropFrequencyBand, demean, getWindow, resizeBilinear, spectrogram } from '@seisdec/dsp';
import { formatEpochNs, readMiniseedTraces } from '@seisdec/seismic-io';
import { FsBlobStore, getTensor, putTensor } from '@seisdec/store';
import { workspaceRoot } from '@seisdec/worker-runtime';
import { createFeaturiseActivities } from './featurise-activities';

// Window shards cut here from the real Luhu record (LH01, 2020-03-28), band-passed as ingest does,
// in a temporary FsBlobStore; the activity functions are called directly.
const components = ['EHE', 'EHN', 'EHZ'];
const rate = 100;
const length = 2000; // 20 s
const starts = [60, 120, 1041, 1300, 2000, 4000].map((s) => s * rate); // seconds after 12:50:00; 1041 s holds the 13:07:21.7 arrival
const settings = SpectrogramSettingsSchema.parse({});

let dir: string;
let store: FsBlobStore;
let activities: ReturnType<typeof createFeaturiseActivities>;
let traces: Float64Array[];
let shardA: { windows: TensorRef; metaKey: string };
let shardB: { windows: TensorRef; metaKey: string };

async function writeShard(name: string, windowStarts: number[]): Promise<{ windows: TensorRef; metaKey: string }> {
  const tensor = new Float32Array(windowStarts.length * components.length * length);
  windowStarts.forEach((start, w) => traces.forEach((trace, c) => tensor.set(trace.subarray(start, start + length), (w * components.length + c) * length)));
  const windows = await putTensor(store, `test/${name}/windows.f32`, tensor, [windowStarts.length, components.length, length]);
  const t0 = 1_585_399_800_000_000_000n; // 2020-03-28T12:50:00Z
  const at = (i: number) => formatEpochNs(t0 + BigInt(i) * 10_000_000n);
  const meta: WindowMeta = { station: 'TW.LH01.00', components, sampleRate: rate, windows: windowStarts.map((s) => ({ start: at(s), end: at(s + length) })) };
  await store.put(`test/${name}/windows.json`, JSON.stringify(meta));
  return { windows, metaKey: `test/${name}/windows.json` };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'seisdec-featurise-'));
  store = new FsBlobStore(dir);
  activities = createFeaturiseActivities({ store });
  traces = await Promise.all(
    components.map(async (cha) => {
      const file = path.join(workspaceRoot, `data/luhu/sds/2020/TW/LH01/${cha}.D/TW.LH01.00.${cha}.D.2020.088`);
      const [segment] = readMiniseedTraces(await readFile(file), file).segments;
      return butterworthFilter(cosineTaper(demean(Float64Array.from(segment!.data)), { maxPercentage: 0.001 }), { type: 'bandpass', freqmin: 1, freqmax: 45 }, { samplingRate: rate, corners: 4, zerophase: true });
    }),
  );
  shardA = await writeShard('a', starts.slice(0, 3));
  shardB = await writeShard('b', starts.slice(3));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

/** Per-channel count, sum, sum of squares, min, max of an NHWC tensor, straight from its values. */
function directStats(values: Float32Array, channels: number) {
  const stats = { count: values.length / channels, sum: [0, 0, 0], sumSq: [0, 0, 0], min: [Infinity, Infinity, Infinity], max: [-Infinity, -Infinity, -Infinity] };
  values.forEach((v, i) => {
    const c = i % channels;
    stats.sum[c]! += v;
    stats.sumSq[c]! += v * v;
    stats.min[c] = Math.min(stats.min[c]!, v);
    stats.max[c] = Math.max(stats.max[c]!, v);
  });
  return stats;
}

function expectClose(actual: number[], expected: number[], relative = 1e-9): void {
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]!)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(expected[i]!))));
}

describe('featuriseShard', () => {
  let result: FeaturiseShardResult;
  let values: Float32Array;
  beforeAll(async () => {
    result = await activities.featuriseShard({ ...shardA, spectrogram: settings });
    values = await getTensor(store, { ...result.spectrograms, dtype: 'float32' });
  });

  it('writes float32 NHWC [n, height, width, components] under the featurise cache prefix', () => {
    expect(result.spectrograms).toEqual({ key: expect.stringMatching(/^cache\/featurise\/[0-9a-f]{32}\/spectrograms\.f32$/), dtype: 'float32', shape: [3, 64, 64, 3] });
    expect(result.metaKey).toBe(shardA.metaKey);
    expect(result.reused).toBe(false);
  });

  it('holds, per window and component, the dB spectrogram (scipy convention) cropped to the band and resized', () => {
    const [w, c] = [2, 1];
    const x = traces[c]!.subarray(starts[w]!, starts[w]! + length);
    const spec = spectrogram(Float32Array.from(x), { samplingRate: rate, nperseg: 128, hop: 32, output: 'db', convention: 'scipy' });
    expect([spec.nFreq, spec.nFrames]).toEqual([65, 64]); // 20 s -> 64 frames with scipy's boundary and end padding
    // One value by hand: frame t starts at t * hop - nperseg / 2 (boundary zeros), periodic Hann, / sum(w).
    const [k, t] = [13, 10];
    const hann = getWindow('hann', 128);
    let re = 0;
    let im = 0;
    for (let n = 0; n < 128; n++) {
      const v = Math.fround(x[t * 32 - 64 + n]!) * hann[n]!;
      re += v * Math.cos((2 * Math.PI * k * n) / 128);
      im -= v * Math.sin((2 * Math.PI * k * n) / 128);
    }
    const sumW = hann.reduce((a, b) => a + b, 0);
    expect(spec.data[k * spec.nFrames + t]).toBeCloseTo(10 * Math.log10((re * re + im * im) / (sumW * sumW)), 3);
    const cropped = cropFrequencyBand(spec, { minHz: 1, maxHz: 45 });
    expect(cropped.nFreq).toBe(56); // 1.5625 .. 44.53 Hz in 0.78125 Hz bins
    const image = resizeBilinear(cropped.data, cropped.nFreq, cropped.nFrames, 64, 64);
    const plane = Float32Array.from({ length: 64 * 64 }, (_, p) => values[(w * 64 * 64 + p) * 3 + c]!);
    expect(Array.from(plane)).toEqual(Array.from(image));
  });

  it('reports per-channel statistics equal to a direct computation over the stored tensor', () => {
    const direct = directStats(values, 3);
    expect(result.stats.count).toBe(3 * 64 * 64);
    expectClose(result.stats.sum, direct.sum);
    expectClose(result.stats.sumSq, direct.sumSq);
    expect(result.stats.min).toEqual(direct.min);
    expect(result.stats.max).toEqual(direct.max);
  });

  it('normalises each window and component on request', async () => {
    const normalised = await activities.featuriseShard({ ...shardA, spectrogram: { ...settings, windowNormalisation: 'zscore' } });
    const data = await getTensor(store, { ...normalised.spectrograms, dtype: 'float32' });
    for (let w = 0; w < 3; w++) {
      for (let c = 0; c < 3; c++) {
        const plane = Array.from({ length: 64 * 64 }, (_, p) => data[(w * 64 * 64 + p) * 3 + c]!);
        const mean = plane.reduce((a, b) => a + b, 0) / plane.length;
        const std = Math.sqrt(plane.reduce((a, b) => a + (b - mean) ** 2, 0) / plane.length);
        expect(mean).toBeCloseTo(0, 5);
        expect(std).toBeCloseTo(1, 5);
      }
    }
  });

  it('reuses its cached output, recomputes the same output with force, and keys other settings apart', async () => {
    const again = await activities.featuriseShard({ ...shardA, spectrogram: settings });
    expect(again).toEqual({ ...result, reused: true });
    const forced = await activities.featuriseShard({ ...shardA, spectrogram: settings, force: true });
    expect(forced).toEqual({ ...result, reused: false });
    expect(Array.from(await getTensor(store, { ...forced.spectrograms, dtype: 'float32' }))).toEqual(Array.from(values));
    const power = await activities.featuriseShard({ ...shardA, spectrogram: { ...settings, scale: 'power' } });
    expect(power.spectrograms.key).not.toBe(result.spectrograms.key);
  });

  it('refuses settings that cannot work as InvalidInput naming the field', async () => {
    const long = await failureOf(activities.featuriseShard({ ...shardA, spectrogram: { ...settings, nperseg: 4096 } }));
    expect(long).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
    expect(long.message).toMatch(/spectrogram\.nperseg 4096 is longer than the 2000-sample windows/);
    const band = await failureOf(activities.featuriseShard({ ...shardA, spectrogram: { ...settings, band: [60, 70] } }));
    expect(band.message).toMatch(/spectrogram settings do not fit 100 Hz windows: band: no frequency bin lies in \[60, 70\] Hz/);
    const meta = await failureOf(activities.featuriseShard({ windows: shardA.windows, metaKey: 'test/none/windows.json', spectrogram: settings }));
    expect(meta.message).toMatch(/metaKey: object not found: test\/none\/windows\.json/);
  });
});

describe('buildDataset', () => {
  let shards: FeaturiseShardResult[];
  let all: Float32Array[];
  beforeAll(async () => {
    shards = [await activities.featuriseShard({ ...shardA, spectrogram: settings }), await activities.featuriseShard({ ...shardB, spectrogram: settings })];
    all = await Promise.all(shards.map((s) => getTensor(store, { ...s.spectrograms, dtype: 'float32' })));
  });

  async function datasetOf(normalisation: SpectrogramSettings['datasetNormalisation']) {
    const built = await activities.buildDataset({ shards, normalisation });
    return { built, dataset: DatasetSchema.parse(JSON.parse((await store.get(built.datasetKey)).toString('utf8'))) };
  }

  it('z-score: per-channel mean and population std over every value of every shard', async () => {
    const { built, dataset } = await datasetOf('zscore');
    expect(built).toMatchObject({ datasetKey: expect.stringMatching(/^cache\/dataset\/[0-9a-f]{32}\/dataset\.json$/), count: 6, reused: false });
    expect(dataset).toMatchObject({ count: 6, shape: [64, 64, 3], normalisation: 'zscore', shards: shards.map((s) => ({ spectrograms: s.spectrograms, metaKey: s.metaKey })) });
    for (let c = 0; c < 3; c++) {
      const channel = all.flatMap((t) => Array.from(t).filter((_, i) => i % 3 === c));
      const mean = channel.reduce((a, b) => a + b, 0) / channel.length;
      const std = Math.sqrt(channel.reduce((a, b) => a + (b - mean) ** 2, 0) / channel.length);
      expect(dataset.offset[c]).toBeCloseTo(mean, 6);
      expect(dataset.scale[c]).toBeCloseTo(std, 6);
    }
    expect((await activities.buildDataset({ shards, normalisation: 'zscore' })).reused).toBe(true);
  });

  it('min-max: offset min, scale max - min; none: 0 and 1', async () => {
    const { dataset } = await datasetOf('minmax');
    for (let c = 0; c < 3; c++) {
      const channel = all.flatMap((t) => Array.from(t).filter((_, i) => i % 3 === c));
      const [min, max] = [Math.min(...channel), Math.max(...channel)];
      expect(dataset.offset[c]).toBe(min);
      expect(dataset.scale[c]).toBe(max - min);
    }
    const none = await datasetOf('none');
    expect([none.dataset.offset, none.dataset.scale]).toEqual([
      [0, 0, 0],
      [1, 1, 1],
    ]);
    expect(none.built.datasetKey).not.toBe((await datasetOf('minmax')).built.datasetKey);
  });

  it('fails with EmptySelection, saying no windows were produced, for zero shards or only empty ones', async () => {
    const none = await failureOf(activities.buildDataset({ shards: [], normalisation: 'zscore' }));
    expect(none).toMatchObject({ type: 'EmptySelection', nonRetryable: true });
    expect(none.message).toMatch(/no windows to build a dataset from .*no envelope exceeded windowing\.madMultiplier x MAD/);
    const empty: FeaturiseShardResult = { ...shards[0]!, spectrograms: { ...shards[0]!.spectrograms, shape: [0, 64, 64, 3] } };
    expect((await failureOf(activities.buildDataset({ shards: [empty], normalisation: 'zscore' }))).type).toBe('EmptySelection');
  });

  it('refuses shards featurised with different image sizes', async () => {
    const small = await activities.featuriseShard({ ...shardB, spectrogram: { ...settings, height: 32 } });
    const failure = await failureOf(activities.buildDataset({ shards: [shards[0]!, small], normalisation: 'zscore' }));
    expect(failure).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
    expect(failure.message).toMatch(/is 32 x 64 x 3 but .* is 64 x 64 x 3: featurise every shard with the same settings/);
  });
});
