import type { ByteSource } from './byte-source';
import { decodeRecordSamples } from './decode-samples';
import { allocateSamples, isSupportedEncoding, sampleKindOf, type SampleArray, type SampleKind } from './encodings';
import { SeismicFormatError } from './errors';
import type { MiniseedRecordHeader } from './record';
import { sampleOffsetNs, toEpochNs, type EpochNs, type TimeInput } from './time';
import type { MergedTraces, TraceGap, TraceOverlap, TraceSegment } from './trace';

export interface MergeOptions {
  /**
   * What to do at a gap: `'split'` (default) starts a new segment; `'interpolate'` fills gaps of
   * up to `maxGapSeconds` by linear interpolation between the samples either side (rounded for
   * integer data) and splits at longer ones. Every gap is reported either way.
   */
  gapPolicy?: 'split' | 'interpolate';
  /** Longest gap filled when gapPolicy is 'interpolate', in seconds (default 1). */
  maxGapSeconds?: number;
  /** A record within this fraction of a sample period of the expected time is contiguous (default 0.5, libmseed's). */
  timeTolerance?: number;
  /** Relative difference in sample rate tolerated between records of one channel (default 1e-4, libmseed's). */
  sampleRateTolerance?: number;
  /** Keep only samples at or after `start` and before `end`. */
  start?: TimeInput;
  end?: TimeInput;
}

interface Piece {
  header: MiniseedRecordHeader;
  /** Place record samples [srcStart, srcStart + count) at segment index dst. */
  srcStart: number;
  dst: number;
  count: number;
  /** Record samples [0, overlapCount) cover segment [overlapDst, ...) already filled: compare, then drop. */
  overlap?: { report: TraceOverlap; dst: number; count: number };
}

interface PlannedSegment {
  first: MiniseedRecordHeader;
  startNs: EpochNs;
  length: number;
  kind: SampleKind;
  pieces: Piece[];
  fills: { dst: number; count: number }[];
}

/**
 * Merges records into continuous segments per channel, decoding every record exactly once and
 * straight into its segment's buffer (so a station-day costs one sample buffer, not one per
 * record). Records are ordered by start time; a record more than `timeTolerance` periods later than
 * the next expected sample is a gap, earlier is an overlap (the earlier data is kept). Records of a
 * channel whose sample rate differs from its first record's are a `sample-rate-mismatch` error.
 * With `start`/`end`, segments are trimmed and only gaps and overlaps that meet the window are reported.
 */
export function mergeRecords(source: ByteSource, headers: readonly MiniseedRecordHeader[], options: MergeOptions = {}): MergedTraces {
  const { gapPolicy = 'split', maxGapSeconds = 1, timeTolerance = 0.5, sampleRateTolerance = 1e-4 } = options;
  validateOptions(gapPolicy, maxGapSeconds, timeTolerance, sampleRateTolerance);
  const window = {
    start: options.start === undefined ? undefined : toEpochNs(options.start, 'start'),
    end: options.end === undefined ? undefined : toEpochNs(options.end, 'end'),
  };
  if (window.start !== undefined && window.end !== undefined && window.end <= window.start) {
    throw new RangeError('end: expected a time after start');
  }
  const result: MergedTraces = { segments: [], gaps: [], overlaps: [] };
  for (const [id, records] of groupById(headers)) {
    const channel: MergedTraces = { segments: [], gaps: [], overlaps: [] };
    const planned = planChannel(source, id, records, { gapPolicy, maxGapSeconds, timeTolerance, sampleRateTolerance }, channel);
    for (const plan of planned) {
      const segment = trimToWindow(decodeSegment(source, plan), plan.fills, window.start, window.end);
      if (segment) result.segments.push(segment);
    }
    const rate = (records[0] as MiniseedRecordHeader).sampleRate;
    result.gaps.push(...channel.gaps.filter((g) => touchesWindow(g.lastSampleNs, g.nextSampleNs, window.start, window.end)));
    result.overlaps.push(
      ...channel.overlaps.filter((o) => touchesWindow(o.recordStartNs, o.recordStartNs + BigInt(sampleOffsetNs(o.overlappingSamples, rate)), window.start, window.end)),
    );
  }
  return result;
}

/** Reports are kept when the interval they describe meets [start, end). */
function touchesWindow(from: EpochNs, to: EpochNs, start: EpochNs | undefined, end: EpochNs | undefined): boolean {
  return (start === undefined || to > start) && (end === undefined || from < end);
}

function validateOptions(gapPolicy: string, maxGapSeconds: number, timeTolerance: number, sampleRateTolerance: number): void {
  if (gapPolicy !== 'split' && gapPolicy !== 'interpolate') throw new RangeError(`gapPolicy: expected 'split' or 'interpolate', got ${JSON.stringify(gapPolicy)}`);
  if (!(maxGapSeconds >= 0 && Number.isFinite(maxGapSeconds))) throw new RangeError(`maxGapSeconds: expected a finite number >= 0, got ${maxGapSeconds}`);
  if (!(timeTolerance > 0 && timeTolerance < 1)) throw new RangeError(`timeTolerance: expected a fraction of a sample period in (0, 1), got ${timeTolerance}`);
  if (!(sampleRateTolerance >= 0 && sampleRateTolerance < 1)) throw new RangeError(`sampleRateTolerance: expected a relative tolerance in [0, 1), got ${sampleRateTolerance}`);
}

function groupById(headers: readonly MiniseedRecordHeader[]): Map<string, MiniseedRecordHeader[]> {
  const groups = new Map<string, MiniseedRecordHeader[]>();
  for (const header of headers) {
    if (header.numSamples === 0) continue;
    const group = groups.get(header.id);
    if (group) group.push(header);
    else groups.set(header.id, [header]);
  }
  for (const group of groups.values()) {
    group.sort((a, b) => (a.startNs < b.startNs ? -1 : a.startNs > b.startNs ? 1 : a.offset - b.offset));
  }
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

interface Policy {
  gapPolicy: 'split' | 'interpolate';
  maxGapSeconds: number;
  timeTolerance: number;
  sampleRateTolerance: number;
}

function planChannel(source: ByteSource, id: string, records: MiniseedRecordHeader[], policy: Policy, result: MergedTraces): PlannedSegment[] {
  const planned: PlannedSegment[] = [];
  const reference = records[0] as MiniseedRecordHeader;
  let segment: PlannedSegment | undefined;
  for (const record of records) {
    assertSameRate(source, reference, record, policy.sampleRateTolerance);
    if (!segment) {
      segment = startSegment(record);
      planned.push(segment);
      continue;
    }
    const rate = reference.sampleRate;
    const position = (Number(record.startNs - segment.startNs) * rate) / 1e9;
    const delta = position - segment.length;
    const shift = Math.round(delta) || 0; // no -0 in reports
    if (Math.abs(delta) <= policy.timeTolerance) {
      appendPiece(segment, { header: record, srcStart: 0, dst: segment.length, count: record.numSamples });
    } else if (shift < 0) {
      appendOverlap(source, id, segment, record, -shift, result);
    } else {
      const gap: TraceGap = {
        id,
        file: source.file,
        offset: record.offset,
        lastSampleNs: segment.startNs + BigInt(sampleOffsetNs(segment.length - 1, rate)),
        nextSampleNs: record.startNs,
        missingSamples: shift,
        action: 'split',
      };
      if (policy.gapPolicy === 'interpolate' && shift >= 1 && shift / rate <= policy.maxGapSeconds) {
        gap.action = 'interpolated';
        segment.fills.push({ dst: segment.length, count: shift });
        segment.length += shift;
        appendPiece(segment, { header: record, srcStart: 0, dst: segment.length, count: record.numSamples });
      } else {
        segment = startSegment(record);
        planned.push(segment);
      }
      result.gaps.push(gap);
    }
  }
  return planned;
}

function assertSameRate(source: ByteSource, reference: MiniseedRecordHeader, record: MiniseedRecordHeader, tolerance: number): void {
  if (Math.abs(record.sampleRate - reference.sampleRate) <= tolerance * reference.sampleRate) return;
  throw new SeismicFormatError(
    source.file,
    record.offset,
    'sample-rate-mismatch',
    `${reference.sampleRate} Hz for ${record.id} like its record at byte ${reference.offset}`,
    `${record.sampleRate} Hz`,
  );
}

function startSegment(record: MiniseedRecordHeader): PlannedSegment {
  const segment: PlannedSegment = { first: record, startNs: record.startNs, length: 0, kind: kindOf(record), pieces: [], fills: [] };
  appendPiece(segment, { header: record, srcStart: 0, dst: 0, count: record.numSamples });
  return segment;
}

function appendPiece(segment: PlannedSegment, piece: Piece): void {
  segment.pieces.push(piece);
  segment.length = Math.max(segment.length, piece.dst + piece.count);
  segment.kind = widerKind(segment.kind, kindOf(piece.header));
}

function appendOverlap(source: ByteSource, id: string, segment: PlannedSegment, record: MiniseedRecordHeader, overlap: number, result: MergedTraces): void {
  const count = Math.min(overlap, record.numSamples);
  const report: TraceOverlap = { id, file: source.file, offset: record.offset, recordStartNs: record.startNs, overlappingSamples: count, identical: true };
  result.overlaps.push(report);
  appendPiece(segment, {
    header: record,
    srcStart: count,
    dst: segment.length,
    count: record.numSamples - count,
    overlap: { report, dst: segment.length - overlap, count },
  });
}

function kindOf(header: MiniseedRecordHeader): SampleKind {
  return isSupportedEncoding(header.encoding) ? sampleKindOf(header.encoding) : 'int32';
}

/** Integers stay Int32; floats of one width keep it; any mixture becomes Float64 (exact for int32). */
function widerKind(a: SampleKind, b: SampleKind): SampleKind {
  return a === b ? a : 'float64';
}

function decodeSegment(source: ByteSource, plan: PlannedSegment): TraceSegment {
  const data = allocateSamples(plan.kind, plan.length);
  for (const piece of plan.pieces) {
    if (!piece.overlap && piece.srcStart === 0) {
      decodeRecordSamples(source, piece.header, data, piece.dst);
      continue;
    }
    const scratch = allocateSamples(plan.kind, piece.header.numSamples);
    decodeRecordSamples(source, piece.header, scratch, 0);
    if (piece.overlap) {
      const { report, dst, count } = piece.overlap;
      for (let i = 0; i < count && report.identical; i++) report.identical = scratch[i] === data[dst + i];
    }
    data.set(scratch.subarray(piece.srcStart, piece.srcStart + piece.count), piece.dst);
  }
  for (const fill of plan.fills) interpolateFill(data, fill.dst, fill.count);
  const { first } = plan;
  return {
    id: first.id,
    network: first.network,
    station: first.station,
    location: first.location,
    channel: first.channel,
    sampleRate: first.sampleRate,
    startNs: plan.startNs,
    data,
    interpolatedSamples: plan.fills.reduce((sum, f) => sum + f.count, 0),
  };
}

/** Straight line from data[dst - 1] to data[dst + count]; rounded to integers for Int32 data. */
function interpolateFill(data: SampleArray, dst: number, count: number): void {
  const before = data[dst - 1] as number;
  const after = data[dst + count] as number;
  const round = data instanceof Int32Array;
  for (let j = 0; j < count; j++) {
    const value = before + ((after - before) * (j + 1)) / (count + 1);
    data[dst + j] = round ? Math.round(value) : value;
  }
}

/** Keeps samples in [start, end); returns undefined when none are left. */
function trimToWindow(
  segment: TraceSegment,
  fills: readonly { dst: number; count: number }[],
  start: EpochNs | undefined,
  end: EpochNs | undefined,
): TraceSegment | undefined {
  const { data, sampleRate } = segment;
  const toIndex = (t: EpochNs) => Math.min(data.length, Math.max(0, Math.ceil((Number(t - segment.startNs) * sampleRate) / 1e9 - 1e-6)));
  const first = start === undefined ? 0 : toIndex(start);
  const stop = end === undefined ? data.length : toIndex(end);
  if (stop <= first) return undefined;
  if (first === 0 && stop === data.length) return segment;
  const keptFills = fills.reduce((sum, f) => sum + Math.max(0, Math.min(stop, f.dst + f.count) - Math.max(first, f.dst)), 0);
  return {
    ...segment,
    startNs: segment.startNs + BigInt(sampleOffsetNs(first, sampleRate)),
    data: data.slice(first, stop),
    interpolatedSamples: keptFills,
  };
}
