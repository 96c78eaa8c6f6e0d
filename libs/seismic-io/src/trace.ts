import type { SampleArray } from './encodings';
import type { EpochNs } from './time';

/** A continuous run of evenly spaced samples of one channel. */
export interface TraceSegment {
  /** `NET.STA.LOC.CHA` */
  id: string;
  network: string;
  station: string;
  location: string;
  channel: string;
  /** Samples per second. */
  sampleRate: number;
  /** Time of `data[0]`, UTC epoch nanoseconds; sample i is at startNs + round(i * 1e9 / sampleRate). */
  startNs: EpochNs;
  /** Int32Array for integer encodings (counts), Float32Array/Float64Array for float encodings. */
  data: SampleArray;
  /** Samples in `data` that were filled by linear interpolation across gaps. */
  interpolatedSamples: number;
}

/** A gap between two records of one channel (more than the time tolerance later than expected). */
export interface TraceGap {
  id: string;
  file: string;
  /** Byte offset of the record after the gap. */
  offset: number;
  /** Time of the last sample before the gap and of the first sample after it. */
  lastSampleNs: EpochNs;
  nextSampleNs: EpochNs;
  /** Whole samples missing between them; 0 for a timing jump beyond `timeTolerance` but under half a sample. */
  missingSamples: number;
  /** What the merge did: started a new segment, or filled the gap by linear interpolation. */
  action: 'split' | 'interpolated';
}

/** Records of one channel that cover the same time; the earlier record's samples are kept. */
export interface TraceOverlap {
  id: string;
  file: string;
  /** Byte offset of the later record, whose overlapping samples were dropped. */
  offset: number;
  /** Start of the later record and how many of its samples overlapped data already placed. */
  recordStartNs: EpochNs;
  overlappingSamples: number;
  /** Whether the dropped samples equal the kept ones (a duplicated record, usually harmless). */
  identical: boolean;
}

export interface MergedTraces {
  segments: TraceSegment[];
  gaps: TraceGap[];
  overlaps: TraceOverlap[];
}
