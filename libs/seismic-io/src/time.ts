/**
 * Times in this library are UTC epoch nanoseconds as `bigint` (miniSEED 3 carries nanoseconds and a
 * float64 of nanoseconds since 1970 cannot hold them: it is exact only to about 0.25 us today).
 * Durations inside one trace are plain numbers of nanoseconds (a day is 8.64e13 ns, far below 2^53).
 */
export type EpochNs = bigint;

const NS_PER_MS = 1_000_000n;
const NS_PER_S = 1_000_000_000n;

/**
 * Epoch nanoseconds of a SEED-style time: year, day of year (1-based), hour, minute, second and
 * nanoseconds. A leap second (second = 60) counts as the first second of the next minute, as
 * libmseed does.
 */
export function yearDayToNs(year: number, dayOfYear: number, hour: number, minute: number, second: number, nanosecond: number): EpochNs {
  const ms = Date.UTC(year, 0, 1, hour, minute, second) + (dayOfYear - 1) * 86_400_000;
  return BigInt(ms) * NS_PER_MS + BigInt(nanosecond);
}

/** Accepted time inputs: epoch ns (bigint), a `Date`, or an ISO-8601 string with up to 9 fraction digits. */
export type TimeInput = EpochNs | Date | string;

/** Converts a {@link TimeInput} to epoch nanoseconds; strings without a zone are read as UTC. */
export function toEpochNs(time: TimeInput, parameter = 'time'): EpochNs {
  if (typeof time === 'bigint') return time;
  if (time instanceof Date) {
    const ms = time.getTime();
    if (Number.isNaN(ms)) throw new RangeError(`${parameter}: expected a valid Date, got an invalid one`);
    return BigInt(ms) * NS_PER_MS;
  }
  const match = /^(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?)(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/.exec(time.trim());
  if (!match) throw new RangeError(`${parameter}: expected an ISO-8601 UTC time like 2020-03-28T12:50:00.5Z, got ${JSON.stringify(time)}`);
  const [, base = '', fraction = '', zone = 'Z'] = match;
  const ms = Date.parse(`${base.replace(' ', 'T')}${base.length === 10 ? 'T00:00:00' : ''}${zone}`);
  if (Number.isNaN(ms)) throw new RangeError(`${parameter}: not a valid date/time: ${JSON.stringify(time)}`);
  return BigInt(ms) * NS_PER_MS + BigInt(fraction.padEnd(9, '0') || '0');
}

/** ISO-8601 with nanoseconds, e.g. `2010-02-27T06:50:00.069539000Z`. */
export function formatEpochNs(ns: EpochNs): string {
  const seconds = ns >= 0n ? ns / NS_PER_S : -((-ns + NS_PER_S - 1n) / NS_PER_S);
  const fraction = ns - seconds * NS_PER_S;
  const iso = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${iso}.${fraction.toString().padStart(9, '0')}Z`;
}

/** Epoch milliseconds as a float (sub-millisecond part kept as a fraction), for `Date` and plotting. */
export function epochNsToMs(ns: EpochNs): number {
  const wholeMs = ns / NS_PER_MS;
  return Number(wholeMs) + Number(ns - wholeMs * NS_PER_MS) / 1e6;
}

/** Nanoseconds from sample 0 to sample `index` at `sampleRate` Hz, rounded to the nearest ns. */
export function sampleOffsetNs(index: number, sampleRate: number): number {
  return Math.round((index * 1e9) / sampleRate);
}
