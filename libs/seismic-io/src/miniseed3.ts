import type { ByteSource } from './byte-source';
import { crc32c } from './crc32c';
import { describeEncoding, isSupportedEncoding, SUPPORTED_ENCODINGS_TEXT } from './encodings';
import { describeBytes, SeismicFormatError } from './errors';
import type { MiniseedRecordHeader } from './record';
import { yearDayToNs } from './time';

const FIXED_HEADER_BYTES = 40;
const CRC_OFFSET = 28;

export interface Miniseed3Options {
  /** Check each record's CRC-32C (default true); a mismatch is a `corrupt-data` error. */
  verifyCrc?: boolean;
}

/** True when the bytes at `offset` start with the miniSEED 3 record indicator `MS` and version 3. */
export function looksLikeMiniseed3(bytes: Uint8Array, offset: number): boolean {
  return bytes[offset] === 0x4d && bytes[offset + 1] === 0x53 && bytes[offset + 2] === 3;
}

/**
 * Parses the miniSEED 3 record (FDSN miniSEED 3.0, little-endian header) that starts at `offset`:
 * fixed header, FDSN source identifier, JSON extra headers; verifies the CRC-32C by default.
 */
export function parseMiniseed3Header(source: ByteSource, offset: number, options: Miniseed3Options = {}): MiniseedRecordHeader {
  const { verifyCrc = true } = options;
  const { bytes, view, file } = source;
  const remaining = bytes.length - offset;
  if (remaining < FIXED_HEADER_BYTES) {
    throw new SeismicFormatError(file, offset, 'truncated', `a ${FIXED_HEADER_BYTES}-byte miniSEED 3 fixed header`, `only ${remaining} bytes`);
  }
  if (!looksLikeMiniseed3(bytes, offset)) {
    throw new SeismicFormatError(file, offset, 'bad-header', 'the miniSEED 3 record indicator "MS" followed by format version 3', describeBytes(bytes, offset, 3));
  }
  const flags = bytes[offset + 3] as number;
  const nanosecond = view.getUint32(offset + 4, true);
  const year = view.getUint16(offset + 8, true);
  const dayOfYear = view.getUint16(offset + 10, true);
  const hour = bytes[offset + 12] as number;
  const minute = bytes[offset + 13] as number;
  const second = bytes[offset + 14] as number;
  if (year < 1 || dayOfYear < 1 || dayOfYear > 366 || hour > 23 || minute > 59 || second > 60 || nanosecond > 999_999_999) {
    throw new SeismicFormatError(file, offset + 4, 'bad-header', 'a start time with day 1-366, hour 0-23, minute 0-59, second 0-60 and nanosecond < 1e9', `${year}-${dayOfYear} ${hour}:${minute}:${second} +${nanosecond} ns`);
  }
  const encoding = bytes[offset + 15] as number;
  const rateOrPeriod = view.getFloat64(offset + 16, true);
  const numSamples = view.getUint32(offset + 24, true);
  const crc = view.getUint32(offset + CRC_OFFSET, true);
  const publicationVersion = bytes[offset + 32] as number;
  const sidLength = bytes[offset + 33] as number;
  const extraLength = view.getUint16(offset + 34, true);
  const dataLength = view.getUint32(offset + 36, true);
  const recordLength = FIXED_HEADER_BYTES + sidLength + extraLength + dataLength;
  if (recordLength > remaining) {
    throw new SeismicFormatError(file, offset, 'truncated', `a ${recordLength}-byte record (40 + identifier ${sidLength} + extra headers ${extraLength} + data ${dataLength})`, `only ${remaining} bytes left in the file`);
  }
  if (verifyCrc) {
    const zero = new Uint8Array(4);
    let computed = crc32c(bytes, offset, offset + CRC_OFFSET);
    computed = crc32c(zero, 0, 4, computed);
    computed = crc32c(bytes, offset + CRC_OFFSET + 4, offset + recordLength, computed);
    if (computed !== crc) {
      throw new SeismicFormatError(file, offset + CRC_OFFSET, 'corrupt-data', `CRC-32C 0x${hex(computed)} of the record`, `0x${hex(crc)}`);
    }
  }
  const sourceId = String.fromCharCode(...bytes.subarray(offset + FIXED_HEADER_BYTES, offset + FIXED_HEADER_BYTES + sidLength));
  const nslc = sourceIdToNslc(sourceId);
  const sampleRate = rateOrPeriod < 0 ? -1 / rateOrPeriod : rateOrPeriod;
  if (numSamples > 0) {
    if (!isSupportedEncoding(encoding)) {
      throw new SeismicFormatError(file, offset + 15, 'unknown-encoding', SUPPORTED_ENCODINGS_TEXT, `encoding ${describeEncoding(encoding)}`);
    }
    if (!(sampleRate > 0 && Number.isFinite(sampleRate))) {
      throw new SeismicFormatError(file, offset + 16, 'bad-header', 'a positive sample rate (Hz) or negative sample period (s)', String(rateOrPeriod));
    }
  }
  const header: MiniseedRecordHeader = {
    format: 3,
    offset,
    recordLength,
    ...nslc,
    id: `${nslc.network}.${nslc.station}.${nslc.location}.${nslc.channel}`,
    startNs: yearDayToNs(year, dayOfYear, hour, minute, second, nanosecond),
    sampleRate,
    numSamples,
    encoding,
    // Steim frames are big-endian in miniSEED 3; the primitive encodings are little-endian.
    dataLittleEndian: encoding !== 10 && encoding !== 11 && encoding !== 19,
    dataOffset: offset + FIXED_HEADER_BYTES + sidLength + extraLength,
    dataLength,
    publicationVersion,
    flags,
    crc,
    sourceId,
  };
  if (extraLength > 0) header.extraHeaders = parseExtraHeaders(source, offset + FIXED_HEADER_BYTES + sidLength, extraLength);
  return header;
}

/**
 * Splits an FDSN source identifier `FDSN:NET_STA_LOC_BAND_SOURCE_SUBSOURCE` into SEED codes; the
 * channel is the three single-character parts joined (`E_H_Z` -> `EHZ`), or joined with `_` when
 * any part is longer, as libmseed's ms_sid2nslc does. Other identifiers become the station code.
 */
export function sourceIdToNslc(sourceId: string): { network: string; station: string; location: string; channel: string } {
  const body = sourceId.startsWith('FDSN:') ? sourceId.slice(5) : undefined;
  const parts = body?.split('_');
  if (!parts || parts.length < 6) return { network: '', station: sourceId, location: '', channel: '' };
  const [network = '', station = '', location = '', ...rest] = parts;
  const channelParts = rest.slice(-3);
  const channel = channelParts.every((p) => p.length === 1) ? channelParts.join('') : channelParts.join('_');
  return { network, station, location, channel };
}

function parseExtraHeaders(source: ByteSource, at: number, length: number): unknown {
  const text = new TextDecoder().decode(source.bytes.subarray(at, at + length));
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SeismicFormatError(source.file, at, 'bad-header', `${length} bytes of JSON extra headers`, (error as Error).message);
  }
}

function hex(value: number): string {
  return value.toString(16).toUpperCase().padStart(8, '0');
}
