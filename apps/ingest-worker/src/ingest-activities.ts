import {
  IngestUnitInputSchema,
  PlanIngestInputSchema,
  StationDayUnitSchema,
  type IngestActivities,
  type IngestUnitResult,
  type Preprocess,
  type QuarantinedFile,
  type Selection,
  type StationDayUnit,
  type WindowMeta,
  type Windowing,
} from '@seisdec/contracts';
import { formatEpochNs, yearDayToNs } from '@seisdec/seismic-io';
import { BlobNotFoundError, cachedStage, putTensor, type BlobStore } from '@seisdec/store';
import { alignComponents, type ProcessedSegment } from './align';
import { decodeComponent } from './decode-component';
import { heartbeat, invalidInput, parseInput } from '@seisdec/worker-runtime';
import { planIngest, selectionRange } from './plan-ingest';
import { preprocessSegment } from './preprocess';
import { selectWindows, windowSamples, type WindowCut } from './windowing';

/** Bump when a station-day's windows change for the same inputs (invalidates every cached ingest output). */
export const INGEST_STAGE_VERSION = 1;
const DAY_NS = 86_400_000_000_000n;

export interface IngestActivityDeps {
  /** Where the archive lives and where window shards go (MinIO in deployments). */
  store: BlobStore;
}

/** The ingest service's decoding activities (planIngest, ingestStationDay), built from their dependencies. */
export function createIngestActivities({ store }: IngestActivityDeps): IngestActivities {
  return {
    async planIngest(rawInput) {
      const { archive, prefix, selection } = parseInput(PlanIngestInputSchema, rawInput, 'planIngest');
      return planIngest(store, archive, prefix, selection);
    },

    async ingestStationDay(rawInput) {
      const input = parseInput(IngestUnitInputSchema, rawInput, 'ingestStationDay');
      const { selection, preprocess, windowing } = input;
      const unit = await loadUnit(store, input.unitsKey, input.index);
      const triggerIndex = checkSettings(unit, input.unitsKey, selection, preprocess, windowing);
      // Cheap identity of the archive files: a changed file (size or modification time) is recomputed.
      const files = await Promise.all(
        unit.keys.map(async (key) => {
          const info = await store.stat(key);
          return { key, size: info?.size ?? null, modified: info?.modified.getTime() ?? null };
        }),
      );
      return cachedStage(
        store,
        {
          name: 'ingest',
          version: INGEST_STAGE_VERSION,
          inputs: { station: unit.station, day: unit.day, files, start: selection.start, end: selection.end, components: selection.components, preprocess, windowing },
          force: input.force,
        },
        (prefix) => ingestUnit(store, prefix, unit, { selection, preprocess, windowing, triggerIndex }),
      );
    },
  };
}

interface UnitSettings {
  selection: Selection;
  preprocess: Preprocess;
  windowing: Windowing;
  triggerIndex: number;
}

/**
 * Decodes, preprocesses and windows one station-day, writing `<prefix>/windows.f32` (float32
 * [n, components, samples]) and `<prefix>/windows.json` (WindowMeta) when any window is found.
 */
async function ingestUnit(store: BlobStore, prefix: string, unit: StationDayUnit, settings: UnitSettings): Promise<Omit<IngestUnitResult, 'reused'>> {
  const { selection, preprocess, windowing, triggerIndex } = settings;
  const { start, end } = unitRange(unit.day, selection);
  const quarantined: QuarantinedFile[] = [];
  const processed: ProcessedSegment[][] = [];
  for (const [i, key] of unit.keys.entries()) {
    const component = selection.components[i]!;
    const decoded = await decodeComponent(store, key, streamIdOf(key), start, end);
    if (!decoded.ok) quarantined.push(decoded.quarantined);
    else if (quarantined.length === 0) {
      // Once a component is lost the unit yields nothing; the rest are still decoded to report every bad file.
      processed.push(decoded.segments.map((s) => preprocessOrRefuse(s.data, s.sampleRate, s.startNs, preprocess, key)));
    }
    heartbeat({ station: unit.station, day: unit.day, component, done: i + 1, of: unit.keys.length });
  }
  const empty = { station: unit.station, day: unit.day, count: 0, quarantined };
  if (quarantined.length > 0) return empty;
  checkSampleRates(processed, unit);
  const rate = processed.flat()[0]?.sampleRate;
  if (rate === undefined) return empty;
  const length = windowSamples(windowing, rate);
  const cuts = selectWindows(alignComponents(processed, length), windowing, triggerIndex);
  if (cuts.length === 0) return empty;

  const components = selection.components.length;
  const tensor = new Float32Array(cuts.length * components * length);
  cuts.forEach(({ block, start: from }, w) => {
    block.channels.forEach((channel, c) => tensor.set(channel.subarray(from, from + length), (w * components + c) * length));
  });
  const windows = await putTensor(store, `${prefix}/windows.f32`, tensor, [cuts.length, components, length]);
  const meta: WindowMeta = { station: unit.station, components: selection.components, sampleRate: rate, windows: cuts.map((cut) => windowTimes(cut, length)) };
  const metaKey = `${prefix}/windows.json`;
  await store.put(metaKey, JSON.stringify(meta));
  return { ...empty, windows, metaKey, count: cuts.length };
}

async function loadUnit(store: BlobStore, unitsKey: string, index: number): Promise<StationDayUnit> {
  let text: string;
  try {
    text = (await store.get(unitsKey)).toString('utf8');
  } catch (error) {
    if (error instanceof BlobNotFoundError) throw invalidInput(`unitsKey: ${error.message} (expected the units object written by planIngest)`);
    throw error;
  }
  const units = StationDayUnitSchema.array().safeParse(JSON.parse(text));
  if (!units.success) throw invalidInput(`unitsKey ${unitsKey}: not a StationDayUnit[] object`);
  const unit = units.data[index];
  if (!unit) throw invalidInput(`index ${index} is outside the ${units.data.length} units of ${unitsKey}`);
  return unit;
}

/** Settings that cannot work with this unit are bad input; returns the trigger component's index. */
function checkSettings(unit: StationDayUnit, unitsKey: string, selection: Selection, preprocess: Preprocess, windowing: Windowing): number {
  if (unit.keys.length !== selection.components.length) {
    throw invalidInput(`selection.components has ${selection.components.length} entries but unit ${unit.station} ${unit.day} of ${unitsKey} has ${unit.keys.length} files: plan and ingest with the same selection`);
  }
  if (preprocess.bandpass && preprocess.bandpass[0] >= preprocess.bandpass[1]) throw invalidInput(`preprocess.bandpass: expected [low, high] with low < high, got [${preprocess.bandpass.join(', ')}]`);
  if (windowing.mode === 'continuous') return -1;
  const index = selection.components.indexOf(windowing.triggerComponent);
  if (index < 0) throw invalidInput(`windowing.triggerComponent ${windowing.triggerComponent} is not one of selection.components (${selection.components.join(', ')})`);
  return index;
}

/** The unit's UTC day, narrowed to the selection: station-days never share a sample. */
function unitRange(day: string, selection: Selection): { start: bigint; end: bigint } {
  const [year, doy] = day.split('.').map(Number) as [number, number];
  const dayStart = yearDayToNs(year, doy, 0, 0, 0, 0);
  const { start, end } = selectionRange(selection);
  return { start: start !== undefined && start > dayStart ? start : dayStart, end: end !== undefined && end < dayStart + DAY_NS ? end : dayStart + DAY_NS };
}

/** NET.STA.LOC.CHA from an SDS key's file name (NET.STA.LOC.CHA.TYPE.YEAR.DOY). */
function streamIdOf(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1).split('.').slice(0, 4).join('.');
}

function preprocessOrRefuse(samples: ArrayLike<number>, sampleRate: number, startNs: bigint, preprocess: Preprocess, key: string): ProcessedSegment {
  try {
    const { data, sampleRate: rate } = preprocessSegment(samples, sampleRate, preprocess);
    return { startNs, sampleRate: rate, data };
  } catch (error) {
    // dsp validates its options and names the parameter; the settings cannot work at this rate.
    if (error instanceof RangeError) throw invalidInput(`preprocess settings do not fit ${key} (${sampleRate} Hz), check preprocess.bandpass and preprocess.targetRate: ${error.message}`);
    throw error;
  }
}

function checkSampleRates(processed: ProcessedSegment[][], unit: StationDayUnit): void {
  const rates = [...new Set(processed.flat().map((s) => s.sampleRate))];
  if (rates.length > 1) {
    throw invalidInput(`station-day ${unit.station} ${unit.day}: components have sample rates ${rates.join(', ')} Hz; set preprocess.targetRate to stack them`);
  }
}

function windowTimes({ block, start }: WindowCut, length: number): WindowMeta['windows'][number] {
  const at = (i: number) => formatEpochNs(block.startNs + BigInt(Math.round((i * 1e9) / block.sampleRate)));
  return { start: at(start), end: at(start + length) };
}
