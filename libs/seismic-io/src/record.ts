import type { EpochNs } from './time';

/**
 * The decoded header of one miniSEED record (format 2 or 3), with absolute byte offsets into the
 * file it came from. Samples are decoded separately ({@link decodeRecordSamples}) so a reader can
 * look at every header first and decode straight into the final trace buffer.
 */
export interface MiniseedRecordHeader {
  format: 2 | 3;
  /** Absolute byte offset of the record in its file. */
  offset: number;
  /** Record length in bytes (miniSEED 2: from blockette 1000; miniSEED 3: header + extra + data). */
  recordLength: number;
  network: string;
  station: string;
  location: string;
  channel: string;
  /** `NET.STA.LOC.CHA`, the key traces are merged on. */
  id: string;
  /** Start time of the first sample (miniSEED 2: B1001 microseconds and an unapplied time correction included). */
  startNs: EpochNs;
  /** Samples per second (miniSEED 2: blockette 100 when present, else factor and multiplier). */
  sampleRate: number;
  numSamples: number;
  /** SEED encoding code. */
  encoding: number;
  /** Word order of the data payload. */
  dataLittleEndian: boolean;
  /** Absolute offset and length of the data payload. */
  dataOffset: number;
  dataLength: number;
  /** miniSEED 2 data-quality indicator (D, R, Q, M); miniSEED 3 has a publication version instead. */
  quality?: string;
  publicationVersion?: number;
  /** miniSEED 2 fixed-header fields, as stored. */
  sequenceNumber?: string;
  activityFlags?: number;
  ioClockFlags?: number;
  dataQualityFlags?: number;
  /** miniSEED 2 time correction in units of 0.0001 s, as stored (applied to startNs unless activity bit 1 says it already was). */
  timeCorrection?: number;
  /** miniSEED 2 blockette 1001 timing quality (0-100), when present. */
  timingQuality?: number;
  /** miniSEED 2 fixed-header byte order. */
  headerLittleEndian?: boolean;
  /** miniSEED 3 flags byte, CRC and source identifier (`FDSN:NET_STA_LOC_B_S_SS`). */
  flags?: number;
  crc?: number;
  sourceId?: string;
  /** miniSEED 3 extra headers (parsed JSON), when present. */
  extraHeaders?: unknown;
}
