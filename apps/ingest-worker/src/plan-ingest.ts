import { ApplicationFailure } from '@temporalio/activity';
import type { PlanIngestResult, Selection, StationDayUnit } from '@seisdec/contracts';
import { compileNslcPattern, parseSdsKey, toEpochNs, type SdsFile } from '@seisdec/seismic-io';
import { cacheKey, type BlobStore } from '@seisdec/store';
import { invalidInput } from '@seisdec/worker-runtime';

const DAY_NS = 86_400_000_000_000n;
/** Skipped entries kept in the result (a Temporal payload); the rest are counted in one last entry. */
const MAX_SKIPPED_REPORTED = 200;
/** Bump when the units object changes for the same listing (its key is derived from this). */
export const PLAN_INGEST_VERSION = 1;

export type Skipped = PlanIngestResult['skipped'][number];

export interface StationDayPlan {
  units: StationDayUnit[];
  skipped: Skipped[];
  /** SDS data files under the prefix, before selection (for the empty-selection message). */
  filesSeen: number;
}

/**
 * Lists an SDS archive stored under `prefix` and groups the files the selection picks into
 * station-day units (one file per component of `selection.components`, in that order).
 *
 * One listing of the prefix: every key is parsed as an SDS path relative to it (seismic-io's
 * parseSdsKey, the rule listSdsFiles applies), so keys outside the layout are reported instead of
 * silently ignored. A file is selected when its stream matches one of `selection.patterns` and its
 * UTC day overlaps [start, end) (listSdsFiles' rule). A component matches a channel exactly, or,
 * when shorter than 3 characters, as its suffix (`Z` matches `EHZ`). A station-day missing a
 * component, or with two channels matching one component, is skipped with the reason.
 */
export async function planStationDays(store: BlobStore, prefix: string, selection: Selection): Promise<StationDayPlan> {
  const root = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
  const patterns = selection.patterns.map((pattern) => {
    try {
      return compileNslcPattern(pattern);
    } catch (error) {
      throw invalidInput(`selection.${(error as Error).message}`);
    }
  });
  const { start, end } = selectionRange(selection);
  const skipped: Skipped[] = [];
  const groups = new Map<string, { station: string; day: string; files: SdsFile[] }>();
  let filesSeen = 0;
  for await (const info of store.list(root)) {
    const file = parseSdsKey(info.key.slice(root.length), info.key, info.size);
    if (!file) {
      skipped.push({ key: info.key, reason: `not an SDS data file: expected YEAR/NET/STA/CHAN.TYPE/NET.STA.LOC.CHAN.TYPE.YEAR.DOY below ${root || 'the store root'}` });
      continue;
    }
    if (file.type !== 'D') {
      skipped.push({ key: info.key, reason: `SDS type "${file.type}" is not waveform data ("D")` });
      continue;
    }
    filesSeen++;
    const overlaps = (start === undefined || file.dayStartNs + DAY_NS > start) && (end === undefined || file.dayStartNs < end);
    if (!overlaps || !patterns.some((p) => p.matches(file))) continue;
    const station = `${file.network}.${file.station}.${file.location}`;
    const day = `${file.year}.${String(file.dayOfYear).padStart(3, '0')}`;
    const id = `${station}|${day}`;
    (groups.get(id) ?? groups.set(id, { station, day, files: [] }).get(id)!).files.push(file);
  }

  const units: StationDayUnit[] = [];
  for (const { station, day, files } of groups.values()) {
    const keys: string[] = [];
    const problems: string[] = [];
    for (const component of selection.components) {
      const matching = files.filter((f) => channelMatches(f.channel, component));
      if (matching.length === 1) keys.push(matching[0]!.key);
      else if (matching.length === 0) problems.push(`missing component ${component}`);
      else problems.push(`component ${component} is ambiguous (${matching.map((f) => f.channel).join(', ')})`);
    }
    if (problems.length === 0) units.push({ station, day, keys });
    else {
      const present = files.map((f) => f.channel).sort().join(', ');
      skipped.push({ key: files[0]!.key, reason: `station-day ${station} ${day}: ${problems.join('; ')} (has ${present})` });
    }
  }
  units.sort((a, b) => (a.day !== b.day ? (a.day < b.day ? -1 : 1) : a.station < b.station ? -1 : a.station > b.station ? 1 : 0));
  return { units, skipped: capSkipped(skipped), filesSeen };
}

/** `planIngest`: plans, refuses an empty plan, and stores the units under a content-addressed key. */
export async function planIngest(store: BlobStore, archive: string, prefix: string, selection: Selection): Promise<PlanIngestResult> {
  const plan = await planStationDays(store, prefix, selection);
  if (plan.units.length === 0) {
    const range = `${selection.start ?? 'the first day'}..${selection.end ?? 'the last day'}`;
    const hint = plan.filesSeen === 0 ? `; no SDS data file at all under ${prefix}` : plan.skipped[0] ? `; e.g. ${plan.skipped[0].reason}` : '';
    throw ApplicationFailure.nonRetryable(
      `archive "${archive}": no station-day matches ${selection.patterns.join(', ')} in ${range} under ${prefix} with every component of ${selection.components.join(', ')}${hint}`,
      'EmptySelection',
    );
  }
  // Keyed by the units themselves: the same station-days always get the same object.
  const unitsKey = `${cacheKey('ingest-plan', PLAN_INGEST_VERSION, plan.units)}/units.json`;
  await store.put(unitsKey, JSON.stringify(plan.units));
  return { unitsKey, units: plan.units.length, skipped: plan.skipped };
}

/** Selection bounds as epoch ns; an empty range is bad input. */
export function selectionRange(selection: Pick<Selection, 'start' | 'end'>): { start?: bigint; end?: bigint } {
  const start = selection.start === undefined ? undefined : toEpochNs(selection.start, 'selection.start');
  const end = selection.end === undefined ? undefined : toEpochNs(selection.end, 'selection.end');
  if (start !== undefined && end !== undefined && end <= start) throw invalidInput(`selection.end ${selection.end} is not after selection.start ${selection.start}`);
  return { start, end };
}

/** `EHZ` matches `EHZ`; a short component (`Z`, `HZ`) matches the channels ending with it. */
export function channelMatches(channel: string, component: string): boolean {
  return component.length >= 3 ? channel === component : channel.endsWith(component);
}

function capSkipped(skipped: Skipped[]): Skipped[] {
  if (skipped.length <= MAX_SKIPPED_REPORTED) return skipped;
  const kept = skipped.slice(0, MAX_SKIPPED_REPORTED - 1);
  const rest = skipped.length - kept.length;
  return [...kept, { key: skipped[kept.length]!.key, reason: `this key and ${rest - 1} more were skipped (not listed: ${rest} in all, first reason: ${skipped[kept.length]!.reason})` }];
}
