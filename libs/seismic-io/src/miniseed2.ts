import type { ByteSource } from './byte-source';
import { describeEncoding, isSupportedEncoding, SUPPORTED_ENCODINGS_TEXT } from './encodings';
import { describeBytes, SeismicFormatError } from './errors';
import type { MiniseedRecordHeader } from './record';
import { yearDayToNs } from './time';

const FIXED_HEADER_BYTES = 48;
const MIN_RECORD_EXPONENT = 7; // 128 bytes
const MAX_RECORD_EXPONENT = 20; // 1 MiB, libmseed's limit

/**
 * Parses the miniSEED 2 record that starts at `offset`: the 48-byte fixed header (either byte
 * order, detected from the start year and day as libmseed does) and blockettes 100, 1000 and 1001.
 * Validates everything needed to decode the samples safely and throws {@link SeismicFormatError}
 * naming the byte at fault otherwise.
 */
export function parseMiniseed2Header(source: ByteSource, offset: number): MiniseedRecordHeader {
  const { bytes, view, file } = source;
  const remaining = bytes.length - offset;
  if (remaining < FIXED_HEADER_BYTES) {
    throw new SeismicFormatError(file, offset, 'truncated', `a ${FIXED_HEADER_BYTES}-byte miniSEED 2 fixed header`, `only ${remaining} bytes`);
  }
  assertRecordSignature(source, offset);
  const headerLittleEndian = detectHeaderByteOrder(source, offset);
  const le = headerLittleEndian;
  const year = view.getUint16(offset + 20, le);
  const dayOfYear = view.getUint16(offset + 22, le);
  const hour = bytes[offset + 24] as number;
  const minute = bytes[offset + 25] as number;
  const second = bytes[offset + 26] as number;
  const tenthMs = view.getUint16(offset + 28, le);
  if (hour > 23 || minute > 59 || second > 60 || tenthMs > 9999) {
    throw new SeismicFormatError(file, offset + 24, 'bad-header', 'a start time with hour 0-23, minute 0-59, second 0-60 and 0.0001 s 0-9999', `${hour}:${minute}:${second} +${tenthMs}`);
  }
  const numSamples = view.getUint16(offset + 30, le);
  const rateFactor = view.getInt16(offset + 32, le);
  const rateMultiplier = view.getInt16(offset + 34, le);
  const activityFlags = bytes[offset + 36] as number;
  const ioClockFlags = bytes[offset + 37] as number;
  const dataQualityFlags = bytes[offset + 38] as number;
  const numBlockettes = bytes[offset + 39] as number;
  const timeCorrection = view.getInt32(offset + 40, le);
  const dataStart = view.getUint16(offset + 44, le);
  const firstBlockette = view.getUint16(offset + 46, le);

  const blockettes = readBlockettes(source, offset, numBlockettes, firstBlockette, le);
  if (!blockettes.b1000) {
    throw new SeismicFormatError(file, offset + 46, 'bad-header', 'a blockette 1000 (encoding, word order, record length) in the blockette chain', `${numBlockettes} blockettes without one`);
  }
  const { encoding, wordOrder, exponent } = blockettes.b1000;
  if (exponent < MIN_RECORD_EXPONENT || exponent > MAX_RECORD_EXPONENT) {
    throw new SeismicFormatError(file, blockettes.b1000.at + 6, 'bad-header', `a record length exponent ${MIN_RECORD_EXPONENT}-${MAX_RECORD_EXPONENT} (128 B to 1 MiB) in blockette 1000`, String(exponent));
  }
  const recordLength = 2 ** exponent;
  if (recordLength > remaining) {
    throw new SeismicFormatError(file, offset, 'truncated', `a ${recordLength}-byte record (blockette 1000)`, `only ${remaining} bytes left in the file`);
  }
  if (numSamples > 0) {
    if (!isSupportedEncoding(encoding)) {
      throw new SeismicFormatError(file, blockettes.b1000.at + 4, 'unknown-encoding', SUPPORTED_ENCODINGS_TEXT, `encoding ${describeEncoding(encoding)}`);
    }
    if (dataStart < FIXED_HEADER_BYTES || dataStart >= recordLength) {
      throw new SeismicFormatError(file, offset + 44, 'bad-header', `a data offset between ${FIXED_HEADER_BYTES} and ${recordLength - 1}`, String(dataStart));
    }
  }
  const sampleRate = blockettes.b100Rate ?? nominalSampleRate(rateFactor, rateMultiplier);
  if (numSamples > 0 && !(sampleRate > 0 && Number.isFinite(sampleRate))) {
    throw new SeismicFormatError(file, offset + 32, 'bad-header', 'a positive sample rate (factor and multiplier, or blockette 100)', `factor ${rateFactor}, multiplier ${rateMultiplier}`);
  }

  let startNs = yearDayToNs(year, dayOfYear, hour, minute, second, tenthMs * 100_000 + (blockettes.microsecond ?? 0) * 1000);
  // Field 16 is applied by the reader unless activity bit 1 says the start time already includes it.
  if (timeCorrection !== 0 && (activityFlags & 0x02) === 0) startNs += BigInt(timeCorrection) * 100_000n;

  const network = asciiField(bytes, offset + 18, 2);
  const station = asciiField(bytes, offset + 8, 5);
  const location = asciiField(bytes, offset + 13, 2);
  const channel = asciiField(bytes, offset + 15, 3);
  const header: MiniseedRecordHeader = {
    format: 2,
    offset,
    recordLength,
    network,
    station,
    location,
    channel,
    id: `${network}.${station}.${location}.${channel}`,
    startNs,
    sampleRate,
    numSamples,
    encoding,
    dataLittleEndian: wordOrder === 0,
    dataOffset: offset + dataStart,
    dataLength: numSamples > 0 ? recordLength - dataStart : 0,
    quality: String.fromCharCode(bytes[offset + 6] as number),
    sequenceNumber: asciiField(bytes, offset, 6),
    activityFlags,
    ioClockFlags,
    dataQualityFlags,
    timeCorrection,
    headerLittleEndian,
  };
  if (blockettes.timingQuality !== undefined) header.timingQuality = blockettes.timingQuality;
  return header;
}

/** True when the bytes at `offset` look like the start of a miniSEED 2 record (used for format sniffing). */
export function looksLikeMiniseed2(bytes: Uint8Array, offset: number): boolean {
  if (bytes.length - offset < FIXED_HEADER_BYTES) return false;
  for (let i = 0; i < 6; i++) {
    const c = bytes[offset + i] as number;
    if (!((c >= 0x30 && c <= 0x39) || c === 0x20 || c === 0)) return false;
  }
  const quality = bytes[offset + 6] as number;
  const reserved = bytes[offset + 7] as number;
  return 'DRQM'.includes(String.fromCharCode(quality)) && (reserved === 0x20 || reserved === 0);
}

function assertRecordSignature(source: ByteSource, offset: number): void {
  if (looksLikeMiniseed2(source.bytes, offset)) return;
  throw new SeismicFormatError(
    source.file,
    offset,
    'bad-header',
    'a miniSEED record start: 6-digit sequence number, data-quality indicator D/R/Q/M and a space (miniSEED 2), or "MS" and version 3 (miniSEED 3)',
    describeBytes(source.bytes, offset, 8),
  );
}

/** libmseed's rule: the header is in the byte order in which the start year is 1900-2100 and the day 1-366. */
function detectHeaderByteOrder(source: ByteSource, offset: number): boolean {
  for (const littleEndian of [false, true]) {
    const year = source.view.getUint16(offset + 20, littleEndian);
    const day = source.view.getUint16(offset + 22, littleEndian);
    if (year >= 1900 && year <= 2100 && day >= 1 && day <= 366) return littleEndian;
  }
  throw new SeismicFormatError(
    source.file,
    offset + 20,
    'bad-header',
    'a start year 1900-2100 and day of year 1-366 in either byte order',
    describeBytes(source.bytes, offset + 20, 4),
  );
}

interface Blockettes {
  b1000?: { at: number; encoding: number; wordOrder: number; exponent: number };
  b100Rate?: number;
  microsecond?: number;
  timingQuality?: number;
}

function readBlockettes(source: ByteSource, offset: number, count: number, first: number, le: boolean): Blockettes {
  const { bytes, view, file } = source;
  const found: Blockettes = {};
  let relative = first;
  let pointerAt = offset + 46; // where the offset being followed is stored
  for (let i = 0; i < count && relative !== 0; i++) {
    const at = offset + relative;
    if (relative < FIXED_HEADER_BYTES || at + 4 > bytes.length) {
      throw new SeismicFormatError(file, pointerAt, 'bad-header', `blockette ${i + 1} of ${count} inside the record, after the fixed header`, `offset ${relative}`);
    }
    const type = view.getUint16(at, le);
    const next = view.getUint16(at + 2, le);
    if (type === 1000) {
      requireBytes(source, at, 8, 'blockette 1000');
      found.b1000 = { at, encoding: bytes[at + 4] as number, wordOrder: bytes[at + 5] as number, exponent: bytes[at + 6] as number };
    } else if (type === 1001) {
      requireBytes(source, at, 8, 'blockette 1001');
      found.timingQuality = bytes[at + 4] as number;
      found.microsecond = view.getInt8(at + 5);
    } else if (type === 100) {
      requireBytes(source, at, 12, 'blockette 100');
      found.b100Rate = view.getFloat32(at + 4, le);
    }
    if (next !== 0 && next <= relative) {
      throw new SeismicFormatError(file, at + 2, 'bad-header', `the next blockette after offset ${relative} (blockette chains only go forward)`, `offset ${next}`);
    }
    pointerAt = at + 2;
    relative = next;
  }
  return found;
}

function requireBytes(source: ByteSource, at: number, length: number, what: string): void {
  if (at + length > source.bytes.length) {
    throw new SeismicFormatError(source.file, at, 'truncated', `${length} bytes of ${what}`, `only ${source.bytes.length - at}`);
  }
}

/** SEED sample rate from the fixed header's factor and multiplier (libmseed's ms_nomsamprate). */
function nominalSampleRate(factor: number, multiplier: number): number {
  let rate = 0;
  if (factor > 0) rate = factor;
  else if (factor < 0) rate = -1 / factor;
  if (multiplier > 0) rate *= multiplier;
  else if (multiplier < 0) rate = -rate / multiplier;
  return rate;
}

function asciiField(bytes: Uint8Array, start: number, length: number): string {
  let text = '';
  for (let i = start; i < start + length; i++) {
    const c = bytes[i] as number;
    if (c > 0x20 && c < 0x7f) text += String.fromCharCode(c);
  }
  return text;
}
