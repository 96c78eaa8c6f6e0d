import type { BlobStore } from '@seisdec/store';
import { compileNslcPattern, type Nslc, type NslcPattern } from './nslc-pattern';
import { toEpochNs, yearDayToNs, type EpochNs, type TimeInput } from './time';

const DAY_NS = 86_400_000_000_000n;

/** Which files of an SDS archive to visit. */
export interface SdsSelection {
  /** `NET.STA.LOC.CHA` globs; a file matching any of them is selected (default: all). */
  patterns?: readonly string[];
  /** UTC time range [start, end); day files that overlap it are selected (default: all days). */
  start?: TimeInput;
  end?: TimeInput;
  /** SDS data type letter in `CHAN.TYPE` (default `D`, waveform data). */
  type?: string;
  /** Key prefix of the archive root in the store, e.g. `sds/` (default: the store root). */
  root?: string;
}

/** One station-day file of an SDS archive. */
export interface SdsFile extends Nslc {
  key: string;
  /** `NET.STA.LOC.CHA` */
  id: string;
  type: string;
  year: number;
  dayOfYear: number;
  /** 00:00:00 UTC of the file's day. */
  dayStartNs: EpochNs;
  size: number;
}

/**
 * Lists the station-day files of an SDS archive (`YEAR/NET/STA/CHAN.TYPE/NET.STA.LOC.CHAN.TYPE.YEAR.DOY`)
 * in any {@link BlobStore}, filtered by patterns, type and time range, in (day, channel id) order.
 * Works year by year, so only one year's file names are held at once; keys that do not follow the
 * layout (READMEs, temporary files, mismatched directories) are skipped.
 */
export async function* listSdsFiles(store: BlobStore, selection: SdsSelection = {}): AsyncGenerator<SdsFile> {
  const { type = 'D' } = selection;
  const root = normaliseRoot(selection.root ?? '');
  const patterns = (selection.patterns ?? ['*.*.*.*']).map(compileNslcPattern);
  if (patterns.length === 0) throw new RangeError('patterns: expected at least one NET.STA.LOC.CHA pattern');
  const start = selection.start === undefined ? undefined : toEpochNs(selection.start, 'start');
  const end = selection.end === undefined ? undefined : toEpochNs(selection.end, 'end');
  if (start !== undefined && end !== undefined && end <= start) throw new RangeError('end: expected a time after start');
  const inRange = (file: SdsFile) => (start === undefined || file.dayStartNs + DAY_NS > start) && (end === undefined || file.dayStartNs < end);
  const selected = (file: SdsFile) => file.type === type && inRange(file) && patterns.some((p) => p.matches(file));

  for (const prefix of yearPrefixes(root, patterns, start, end)) {
    let year: number | undefined;
    let batch: SdsFile[] = [];
    for await (const info of store.list(prefix)) {
      const file = parseSdsKey(info.key.slice(root.length), info.key, info.size);
      if (!file || !selected(file)) continue;
      if (year !== undefined && file.year !== year) {
        yield* sortByDay(batch);
        batch = [];
      }
      year = file.year;
      batch.push(file);
    }
    yield* sortByDay(batch);
  }
}

/**
 * Parses an SDS path relative to the archive root; undefined unless the directories agree with the
 * file name (year, network, station, channel and type).
 */
export function parseSdsKey(relative: string, key = relative, size = 0): SdsFile | undefined {
  const dirs = relative.split('/');
  if (dirs.length !== 5) return undefined;
  const [yearDir, netDir, staDir, chanDir, name = ''] = dirs;
  const parts = name.split('.');
  if (parts.length !== 7) return undefined;
  const [network = '', station = '', location = '', channel = '', type = '', yearText = '', dayText = ''] = parts;
  if (!/^\d{4}$/.test(yearText) || !/^\d{3}$/.test(dayText)) return undefined;
  if (yearDir !== yearText || netDir !== network || staDir !== station || chanDir !== `${channel}.${type}`) return undefined;
  const year = Number(yearText);
  const dayOfYear = Number(dayText);
  if (dayOfYear < 1 || dayOfYear > 366) return undefined;
  return {
    key,
    network,
    station,
    location,
    channel,
    id: `${network}.${station}.${location}.${channel}`,
    type,
    year,
    dayOfYear,
    dayStartNs: yearDayToNs(year, dayOfYear, 0, 0, 0, 0),
    size,
  };
}

function normaliseRoot(root: string): string {
  if (root === '' || root.endsWith('/')) return root;
  return `${root}/`;
}

/**
 * Store prefixes to list: one per year of the time range (or the whole root without one), narrowed
 * to `YEAR/NET/` or `YEAR/NET/STA/` when every pattern names the same network (and station) literally.
 */
function yearPrefixes(root: string, patterns: NslcPattern[], start: EpochNs | undefined, end: EpochNs | undefined): string[] {
  if (start === undefined || end === undefined) return [root];
  const firstYear = new Date(Number(start / 1_000_000n)).getUTCFullYear();
  const lastYear = new Date(Number((end - 1n) / 1_000_000n)).getUTCFullYear();
  const shared = (key: 'network' | 'station') => {
    const values = new Set(patterns.map((p) => p.literal[key]));
    const [only] = values;
    return values.size === 1 && only !== undefined && only !== '' ? only : undefined;
  };
  const network = shared('network');
  const station = network === undefined ? undefined : shared('station');
  const prefixes: string[] = [];
  for (let year = firstYear; year <= lastYear; year++) {
    prefixes.push(`${root}${year}/${network === undefined ? '' : `${network}/`}${station === undefined ? '' : `${station}/`}`);
  }
  return prefixes;
}

function sortByDay(files: SdsFile[]): SdsFile[] {
  return files.sort((a, b) => (a.dayStartNs !== b.dayStartNs ? (a.dayStartNs < b.dayStartNs ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
