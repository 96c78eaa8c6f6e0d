import { ApplicationFailure, CancelledFailure } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PreprocessSchema, SelectionSchema, WindowMetaSchema, WindowingSchema, type IngestUnitInput, type PlanIngestResult, type Selection, type WindowMeta } from '@seisdec/contracts';
import { butterworthFilter, cosineTaper, demean } from '@seisdec/dsp';
import { readMiniseedTraces } from '@seisdec/seismic-io';
import { FsBlobStore, getTensor } from '@seisdec/store';
import { workspaceRoot } from '@seisdec/worker-runtime';
import { createIngestActivities } from './ingest-activities';

// Real Luhu files in a temporary FsBlobStore; the activity functions are called directly.
const luhu = path.join(workspaceRoot, 'data/luhu/sds');
const prefix = 'archives/luhu-test/sds';
const sdsPath = (sta: string, cha: string, doy = '088') => `2020/TW/${sta}/${cha}.D/TW.${sta}.00.${cha}.D.2020.${doy}`;
const complete = ['LH01', 'LH02', 'LH03', 'LH04'].flatMap((sta) => ['EHE', 'EHN', 'EHZ'].map((cha) => sdsPath(sta, cha)));
const lh05Partial = [sdsPath('LH05', 'EHE'), sdsPath('LH05', 'EHZ')];
// The hand-labelled earthquake of data/luhu/README.md (event 2020088135454, LH01-LH04).
const quake = { start: Date.parse('2020-03-28T13:05:54Z'), end: Date.parse('2020-03-28T13:08:54Z') };

let dir: string;
let store: FsBlobStore;
let activities: ReturnType<typeof createIngestActivities>;
const selection = SelectionSchema.parse({});
const preprocess = PreprocessSchema.parse({});
const triggered = WindowingSchema.parse({ mode: 'triggered' });
const continuous = WindowingSchema.parse({ mode: 'continuous' });

async function copyIn(files: string[], to = prefix): Promise<void> {
  for (const file of files) {
    const target = path.join(dir, to, file);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(path.join(luhu, file), target);
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'seisdec-ingest-'));
  store = new FsBlobStore(dir);
  activities = createIngestActivities({ store });
  await copyIn([...complete, ...lh05Partial]);
  await writeFile(path.join(dir, prefix, 'README.txt'), 'not data');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The failure an activity rejected with (the test fails if it resolved). */
async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

async function metaOf(key: string): Promise<WindowMeta> {
  return WindowMetaSchema.parse(JSON.parse((await store.get(key)).toString('utf8')));
}

describe('planIngest', () => {
  let plan: PlanIngestResult;
  beforeAll(async () => {
    plan = await activities.planIngest({ archive: 'luhu-test', prefix, selection });
  });

  it('groups complete station-days into units, components in selection order', async () => {
    expect(plan.units).toBe(4);
    const units = JSON.parse((await store.get(plan.unitsKey)).toString('utf8'));
    expect(units).toEqual(
      ['LH01', 'LH02', 'LH03', 'LH04'].map((sta) => ({ station: `TW.${sta}.00`, day: '2020.088', keys: ['EHE', 'EHN', 'EHZ'].map((c) => `${prefix}/${sdsPath(sta, c)}`) })),
    );
    expect(plan.unitsKey).toMatch(/^cache\/ingest-plan\/[0-9a-f]{32}\/units\.json$/);
  });

  it('reports the station-day missing a component and the stray file, without failing', () => {
    expect(plan.skipped).toEqual([
      { key: `${prefix}/README.txt`, reason: expect.stringMatching(/not an SDS data file/) },
      { key: `${prefix}/${sdsPath('LH05', 'EHE')}`, reason: 'station-day TW.LH05.00 2020.088: missing component EHN (has EHE, EHZ)' },
    ]);
  });

  it('selects by pattern, matches short components as channel suffixes, and stores the same plan under the same key', async () => {
    const two = await activities.planIngest({ archive: 'luhu-test', prefix, selection: { ...selection, patterns: ['TW.LH0[12].00.EH?'] } });
    expect(two.units).toBe(2);
    const z = await activities.planIngest({ archive: 'luhu-test', prefix, selection: { ...selection, components: ['Z'] } });
    expect(z.units).toBe(5); // LH05 has EHZ
    expect(z.skipped.map((s) => s.key)).toEqual([`${prefix}/README.txt`]);
    expect((await activities.planIngest({ archive: 'luhu-test', prefix, selection })).unitsKey).toBe(plan.unitsKey);
  });

  it('fails non-retryably with EmptySelection naming patterns, range and prefix when nothing matches', async () => {
    const failure = await failureOf(
      activities.planIngest({ archive: 'luhu-test', prefix, selection: { ...selection, patterns: ['TW.LH0?.00.EH?'], start: '2021-01-01T00:00:00Z', end: '2021-01-02T00:00:00Z' } }),
    );
    expect(failure).toMatchObject({ type: 'EmptySelection', nonRetryable: true });
    expect(failure.message).toMatch(/no station-day matches TW\.LH0\?\.00\.EH\? in 2021-01-01T00:00:00Z\.\.2021-01-02T00:00:00Z under archives\/luhu-test\/sds/);
  });

  it('refuses malformed input as InvalidInput naming the field', async () => {
    const failure = await failureOf(activities.planIngest({ archive: 'luhu-test', prefix, selection: { ...selection, patterns: ['TW.LH01'] } }));
    expect(failure).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
    expect(failure.message).toMatch(/selection\.patterns\.0: expected NET\.STA\.LOC\.CHA/);
  });
});

describe('ingestStationDay', () => {
  let plan: PlanIngestResult;
  const unit = (index: number, windowing = triggered, extra: Partial<IngestUnitInput> = {}): IngestUnitInput => ({ unitsKey: plan.unitsKey, index, selection, preprocess, windowing, ...extra });
  beforeAll(async () => {
    plan = await activities.planIngest({ archive: 'luhu-test', prefix, selection });
  });

  it('triggered mode (12 x MAD) finds the labelled earthquake at LH01-LH04, onsets coinciding', async () => {
    const onsets: number[] = [];
    for (let index = 0; index < 4; index++) {
      const result = await activities.ingestStationDay(unit(index));
      expect(result).toMatchObject({ station: `TW.LH0${index + 1}.00`, day: '2020.088', quarantined: [] });
      expect(result.windows).toMatchObject({ dtype: 'float32', shape: [result.count, 3, 2000] });
      const meta = await metaOf(result.metaKey!);
      expect(meta).toMatchObject({ station: `TW.LH0${index + 1}.00`, components: ['EHE', 'EHN', 'EHZ'], sampleRate: 100 });
      expect(meta.windows).toHaveLength(result.count);
      const inQuake = meta.windows.filter((w) => Date.parse(w.start) >= quake.start && Date.parse(w.end) <= quake.end);
      expect(inQuake.length).toBeGreaterThanOrEqual(1);
      for (const w of meta.windows) expect(Date.parse(w.end) - Date.parse(w.start)).toBe(20_000);
      // The trigger onset is preSeconds (5 s) after the window start.
      onsets.push(...inQuake.map((w) => Date.parse(w.start) + 5_000).filter((t) => onsets.length === 0 || Math.abs(t - onsets[0]!) < 2_000));
    }
    // One arrival seen by all four stations within a second (13:07:21.7 UTC).
    const common = onsets.filter((t) => Math.abs(t - onsets[0]!) < 1_000);
    expect(common.length).toBeGreaterThanOrEqual(4);
  });

  it('stores exactly the preprocessed samples at the times the metadata gives', async () => {
    const result = await activities.ingestStationDay(unit(0));
    const meta = await metaOf(result.metaKey!);
    const tensor = await getTensor(store, { ...result.windows!, dtype: 'float32' });
    // Direct computation: decode EHZ of LH01, demean, taper 0.001, zero-phase 4-corner 1-45 Hz band-pass.
    const file = path.join(luhu, sdsPath('LH01', 'EHZ'));
    const [segment] = readMiniseedTraces(await readFile(file), file).segments;
    const expected = butterworthFilter(cosineTaper(demean(Float64Array.from(segment!.data)), { maxPercentage: 0.001 }), { type: 'bandpass', freqmin: 1, freqmax: 45 }, { samplingRate: 100, corners: 4, zerophase: true });
    const w = meta.windows.length - 1;
    const first = Math.round((Date.parse(meta.windows[w]!.start) - Date.parse('2020-03-28T12:50:00Z')) / 10);
    const stored = tensor.subarray((w * 3 + 2) * 2000, (w * 3 + 3) * 2000);
    expect(Array.from(stored)).toEqual(Array.from(Float32Array.from(expected.subarray(first, first + 2000))));
  });

  it('continuous mode cuts 60 s windows with 50 % overlap: 159 in 80 minutes, 19 in a 10-minute selection', async () => {
    const whole = await activities.ingestStationDay(unit(1, continuous));
    expect(whole.count).toBe(159); // floor((480001 - 6000) / 3000) + 1
    expect(whole.windows!.shape).toEqual([159, 3, 6000]);
    const meta = await metaOf(whole.metaKey!);
    expect(meta.windows[0]).toEqual({ start: '2020-03-28T12:50:00.000000000Z', end: '2020-03-28T12:51:00.000000000Z' });
    expect(meta.windows[158]).toEqual({ start: '2020-03-28T14:09:00.000000000Z', end: '2020-03-28T14:10:00.000000000Z' });
    const narrow = { ...selection, start: '2020-03-28T13:00:00Z', end: '2020-03-28T13:10:00Z' };
    const part = await activities.ingestStationDay(unit(1, continuous, { selection: narrow }));
    expect(part.count).toBe(19); // (600 - 60) / 30 + 1
    expect((await metaOf(part.metaKey!)).windows[0]!.start).toBe('2020-03-28T13:00:00.000000000Z');
  });

  it('reuses its cached output, and recomputes the same output with force', async () => {
    const settings = unit(2, WindowingSchema.parse({ mode: 'continuous', windowSeconds: 120, overlap: 0 }));
    const first = await activities.ingestStationDay(settings);
    const again = await activities.ingestStationDay(settings);
    const forced = await activities.ingestStationDay({ ...settings, force: true });
    expect(first.reused).toBe(false);
    expect(again).toEqual({ ...first, reused: true });
    expect(forced).toEqual({ ...first, reused: false });
    const otherSettings = await activities.ingestStationDay({ ...settings, preprocess: { ...preprocess, bandpass: [2, 20] } });
    expect(otherSettings.reused).toBe(false);
    expect(otherSettings.windows!.key).not.toBe(first.windows!.key);
  });

  it('heartbeats once per component when run as an activity', async () => {
    const beats: unknown[] = [];
    const env = new MockActivityEnvironment();
    env.on('heartbeat', (details: unknown) => beats.push(details));
    await env.run(activities.ingestStationDay, unit(3, continuous, { force: true }));
    expect(beats).toEqual(['EHE', 'EHN', 'EHZ'].map((component, i) => ({ station: 'TW.LH04.00', day: '2020.088', component, done: i + 1, of: 3 })));
  });

  it('stops at the next heartbeat when cancelled, writing no output', async () => {
    const env = new MockActivityEnvironment();
    const settings = unit(3, WindowingSchema.parse({ mode: 'continuous', windowSeconds: 30, overlap: 0 }));
    const running = env.run(activities.ingestStationDay, settings);
    env.cancel();
    await expect(running).rejects.toBeInstanceOf(CancelledFailure);
    expect((await activities.ingestStationDay(settings)).reused).toBe(false); // nothing was cached by the cancelled run
  });

  it('refuses settings that cannot work as InvalidInput naming the field', async () => {
    const badTrigger = await failureOf(activities.ingestStationDay(unit(0, WindowingSchema.parse({ mode: 'triggered', triggerComponent: 'HHZ' }))));
    expect(badTrigger).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
    expect(badTrigger.message).toMatch(/windowing\.triggerComponent HHZ is not one of selection\.components/);
    const badIndex = await failureOf(activities.ingestStationDay(unit(9)));
    expect(badIndex.message).toMatch(/index 9 is outside the 4 units of cache\/ingest-plan\//);
    const aboveNyquist = await failureOf(activities.ingestStationDay(unit(0, continuous, { preprocess: { ...preprocess, bandpass: [60, 70] }, force: true })));
    expect(aboveNyquist).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
    expect(aboveNyquist.message).toMatch(/preprocess settings do not fit .*TW\.LH01\.00\.EHE\.D\.2020\.088 \(100 Hz\)/);
  });
});

describe('a corrupt file', () => {
  const corruptPrefix = 'archives/luhu-corrupt/sds';
  const broken = sdsPath('LH01', 'EHN');

  it('is quarantined with its key and byte offset; its station-day yields no window, the others go on', async () => {
    await copyIn([...complete.slice(0, 6)], corruptPrefix);
    const bytes = await readFile(path.join(luhu, broken));
    await writeFile(path.join(dir, corruptPrefix, broken), bytes.subarray(0, 100_000)); // cut inside the 25th 4096-byte record
    const sel: Selection = { ...selection, patterns: ['TW.LH0[12].00.EH?'] };
    const plan = await activities.planIngest({ archive: 'luhu-corrupt', prefix: corruptPrefix, selection: sel });
    expect(plan.units).toBe(2);
    const [lh01, lh02] = await Promise.all([0, 1].map((index) => activities.ingestStationDay({ unitsKey: plan.unitsKey, index, selection: sel, preprocess, windowing: triggered })));
    expect(lh01).toEqual({ station: 'TW.LH01.00', day: '2020.088', count: 0, quarantined: [{ key: `${corruptPrefix}/${broken}`, offset: 98_304, reason: expect.stringMatching(/byte 98304: truncated/) }], reused: false });
    expect(lh02!.count).toBeGreaterThan(0);
    expect(lh02!.quarantined).toEqual([]);
  });
});
