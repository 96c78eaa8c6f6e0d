import { byteSource, type ByteSource } from './byte-source';
import { decodeRecord } from './decode-samples';
import type { SampleArray } from './encodings';
import { SeismicFormatError } from './errors';
import { looksLikeMiniseed3, parseMiniseed3Header, type Miniseed3Options } from './miniseed3';
import { parseMiniseed2Header } from './miniseed2';
import type { MiniseedRecordHeader } from './record';

export type ReadMiniseedOptions = Miniseed3Options;

/**
 * Parses every record header in a miniSEED file (format 2 and 3 records may be mixed), without
 * decoding samples. An empty file, a truncated last record or a damaged header is a
 * {@link SeismicFormatError} naming the file and byte offset.
 */
export function readMiniseedHeaders(source: ByteSource, options: ReadMiniseedOptions = {}): MiniseedRecordHeader[] {
  const { bytes, file } = source;
  if (bytes.length === 0) throw new SeismicFormatError(file, 0, 'empty', 'at least one miniSEED record', 'an empty file');
  const headers: MiniseedRecordHeader[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const header = looksLikeMiniseed3(bytes, offset) ? parseMiniseed3Header(source, offset, options) : parseMiniseed2Header(source, offset);
    headers.push(header);
    offset += header.recordLength;
  }
  return headers;
}

/** One record with its decoded samples. */
export interface MiniseedRecord {
  header: MiniseedRecordHeader;
  samples: SampleArray;
}

/**
 * Decodes a whole miniSEED file record by record. For continuous traces use
 * `readMiniseedTraces`, which decodes straight into one buffer per segment instead.
 */
export function readMiniseedRecords(bytes: Uint8Array, file: string, options: ReadMiniseedOptions = {}): MiniseedRecord[] {
  const source = byteSource(bytes, file);
  return readMiniseedHeaders(source, options).map((header) => ({ header, samples: decodeRecord(source, header) }));
}
