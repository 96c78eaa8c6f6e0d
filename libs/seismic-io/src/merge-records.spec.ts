import fc from 'fast-check';
import { readMiniseedTraces } from './read-traces';
import { formatEpochNs, toEpochNs } from './time';
import { readRepoFile } from './testing/fixtures';
import { concat, shiftRecordStart, splitRecords } from './testing/records';

// test.mseed: 36 Steim-2 records, IU.COLA.00.LHZ at 1 Hz from 06:50:00.069539, 4200 samples.
const FILE = 'tools/fixtures/seismic-io/test.mseed';
const original = readRepoFile(FILE);
const records = splitRecords(original, FILE);
const whole = readMiniseedTraces(original, FILE).segments[0]!;
/** Index of each record's first sample in the continuous trace. */
const firstSample = records.map((_, i) => records.slice(0, i).reduce((n, r) => n + r.header.numSamples, 0));

function mergeOf(indices: readonly number[], options = {}) {
  return readMiniseedTraces(concat(indices.map((i) => records[i]!.bytes)), 'built.mseed', options);
}

describe('mergeRecords', () => {
  it('reassembles the trace whatever the record order (property)', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(records.map((_, i) => i), { minLength: records.length }), (order) => {
        const merged = mergeOf(order);
        expect(merged.gaps).toEqual([]);
        expect(merged.overlaps).toEqual([]);
        expect(merged.segments).toHaveLength(1);
        expect(merged.segments[0]!.startNs).toBe(whole.startNs);
        expect(merged.segments[0]!.data).toEqual(whole.data);
      }),
      { numRuns: 30 },
    );
  });

  it('splits at every run of missing records and reports each gap with its missing samples (property)', () => {
    fc.assert(
      fc.property(fc.subarray(records.map((_, i) => i).slice(1), { minLength: 1, maxLength: records.length - 2 }), (dropped) => {
        const kept = [0, ...records.map((_, i) => i).slice(1).filter((i) => !dropped.includes(i))];
        const merged = mergeOf(kept);
        // A gap opens wherever the next kept record is not the next record.
        const gapsAt = kept.slice(1).filter((index, k) => index !== (kept[k] as number) + 1);
        expect(merged.gaps.map((g) => g.offset)).toEqual(gapsAt.map((index) => kept.indexOf(index) * 512));
        merged.gaps.forEach((gap, k) => {
          const next = gapsAt[k] as number;
          const previous = kept[kept.indexOf(next) - 1] as number;
          expect(gap.missingSamples).toBe(firstSample[next]! - firstSample[previous + 1]!);
          expect(gap.action).toBe('split');
        });
        expect(merged.segments).toHaveLength(gapsAt.length + 1);
        // Every kept sample is where it was, at the same time.
        for (const segment of merged.segments) {
          // Record times jitter by a few microseconds in this file, so round to the sample.
          const start = Math.round(Number(segment.startNs - whole.startNs) / 1e9);
          expect(segment.data).toEqual(whole.data.subarray(start, start + segment.data.length));
        }
      }),
      { numRuns: 30 },
    );
  });

  it('fills a gap up to maxGapSeconds by linear interpolation (rounded for integer data)', () => {
    const withoutTen = records.map((_, i) => i).filter((i) => i !== 10);
    const missing = records[10]!.header.numSamples;
    const merged = mergeOf(withoutTen, { gapPolicy: 'interpolate', maxGapSeconds: missing });
    expect(merged.gaps).toEqual([expect.objectContaining({ missingSamples: missing, action: 'interpolated', offset: 10 * 512 })]);
    const [segment] = merged.segments;
    expect(segment!.data.length).toBe(whole.data.length);
    expect(segment!.interpolatedSamples).toBe(missing);
    const at = firstSample[10]!;
    const before = whole.data[at - 1]!;
    const after = whole.data[at + missing]!;
    for (let j = 0; j < missing; j++) expect(segment!.data[at + j]).toBe(Math.round(before + ((after - before) * (j + 1)) / (missing + 1)));
    expect(segment!.data.subarray(0, at)).toEqual(whole.data.subarray(0, at));
    expect(segment!.data.subarray(at + missing)).toEqual(whole.data.subarray(at + missing));
  });

  it('splits a gap longer than maxGapSeconds even with interpolation on', () => {
    const withoutTen = records.map((_, i) => i).filter((i) => i !== 10);
    const merged = mergeOf(withoutTen, { gapPolicy: 'interpolate', maxGapSeconds: 10 });
    expect(merged.segments).toHaveLength(2);
    expect(merged.gaps[0]!.action).toBe('split');
    expect(merged.gaps[0]!.lastSampleNs).toBe(whole.startNs + BigInt(firstSample[10]! - 1) * 1_000_000_000n);
    expect(merged.gaps[0]!.nextSampleNs).toBe(records[11]!.header.startNs);
  });

  it('drops a duplicated record and reports an identical overlap', () => {
    const merged = mergeOf([0, 1, 2, 2, 3]);
    expect(merged.overlaps).toEqual([
      { id: 'IU.COLA.00.LHZ', file: 'built.mseed', offset: 3 * 512, recordStartNs: records[2]!.header.startNs, overlappingSamples: records[2]!.header.numSamples, identical: true },
    ]);
    expect(merged.segments).toHaveLength(1);
    expect(merged.segments[0]!.data).toEqual(whole.data.subarray(0, firstSample[4]));
  });

  it('keeps the earlier data where a record starts 3 samples early, then reports the gap it leaves', () => {
    const bytes = concat([records[0]!.bytes, records[1]!.bytes, shiftRecordStart(records[2]!.bytes, -3), records[3]!.bytes]);
    const merged = readMiniseedTraces(bytes, 'built.mseed');
    expect(merged.overlaps).toEqual([expect.objectContaining({ offset: 1024, overlappingSamples: 3, identical: false })]);
    expect(merged.gaps).toEqual([expect.objectContaining({ offset: 1536, missingSamples: 3, action: 'split' })]);
    const first = merged.segments[0]!;
    expect(first.data.subarray(0, firstSample[2])).toEqual(whole.data.subarray(0, firstSample[2]));
    expect(first.data.subarray(firstSample[2])).toEqual(whole.data.subarray(firstSample[2]! + 3, firstSample[3]));
  });

  it('treats a record less than half a sample off as contiguous (default time tolerance)', () => {
    const bytes = concat([records[0]!.bytes, shiftRecordStart(records[1]!.bytes, 0.4), records[2]!.bytes]);
    const merged = readMiniseedTraces(bytes, 'built.mseed');
    expect(merged.gaps).toEqual([]);
    expect(merged.segments).toHaveLength(1);
    expect(() => readMiniseedTraces(bytes, 'built.mseed', { timeTolerance: 0.3 })).not.toThrow();
    expect(readMiniseedTraces(bytes, 'built.mseed', { timeTolerance: 0.3 }).segments).toHaveLength(3);
  });

  it('trims to [start, end) with the first kept sample\'s exact time', () => {
    const merged = readMiniseedTraces(original, FILE, { start: '2010-02-27T07:00:00Z', end: '2010-02-27T07:10:00Z' });
    const [segment] = merged.segments;
    expect(formatEpochNs(segment!.startNs)).toBe('2010-02-27T07:00:00.069539000Z');
    expect(segment!.data).toEqual(whole.data.subarray(600, 1200));
    expect(readMiniseedTraces(original, FILE, { start: toEpochNs('2011-01-01') }).segments).toEqual([]);
  });

  it('reports only the gaps and overlaps that meet the requested window', () => {
    const bytes = concat([records[0]!.bytes, records[1]!.bytes, records[1]!.bytes, records[3]!.bytes, records[4]!.bytes, records[6]!.bytes]);
    const all = readMiniseedTraces(bytes, 'built.mseed');
    expect([all.overlaps.length, all.gaps.length]).toEqual([1, 2]);
    const afterRecordFive = formatEpochNs(records[5]!.header.startNs);
    const late = readMiniseedTraces(bytes, 'built.mseed', { start: afterRecordFive });
    expect(late.overlaps).toEqual([]);
    expect(late.gaps.map((g) => g.offset)).toEqual([5 * 512]);
    expect(late.segments).toHaveLength(1);
  });

  it('validates its options, naming the parameter', () => {
    expect(() => readMiniseedTraces(original, FILE, { gapPolicy: 'fill' as 'split' })).toThrow("gapPolicy: expected 'split' or 'interpolate'");
    expect(() => readMiniseedTraces(original, FILE, { maxGapSeconds: -1 })).toThrow('maxGapSeconds: expected a finite number >= 0');
    expect(() => readMiniseedTraces(original, FILE, { start: '2010-02-28', end: '2010-02-27' })).toThrow('end: expected a time after start');
  });
});
