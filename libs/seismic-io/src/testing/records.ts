import { byteSource } from '../byte-source';
import { readMiniseedHeaders } from '../read-records';
import type { MiniseedRecordHeader } from '../record';

/** Splits a miniSEED 2 file into its records' bytes (copies), with their parsed headers. */
export function splitRecords(bytes: Uint8Array, file = 'split.mseed'): { header: MiniseedRecordHeader; bytes: Uint8Array }[] {
  // Uint8Array.from copies; Buffer#slice would return a view into the file (and its DataView the whole file).
  return readMiniseedHeaders(byteSource(bytes, file)).map((header) => ({ header, bytes: Uint8Array.from(bytes.subarray(header.offset, header.offset + header.recordLength)) }));
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Moves a big-endian miniSEED 2 record's BTIME by `seconds` (a multiple of 0.0001 s). */
export function shiftRecordStart(record: Uint8Array, seconds: number): Uint8Array {
  const out = Uint8Array.from(record);
  const view = new DataView(out.buffer);
  const year = view.getUint16(20);
  const day = view.getUint16(22);
  const tenthMs =
    (Date.UTC(year, 0, 1, out[24], out[25], out[26]) + (day - 1) * 86_400_000) * 10 + view.getUint16(28) + Math.round(seconds * 10_000);
  const date = new Date(Math.floor(tenthMs / 10));
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  view.setUint16(20, date.getUTCFullYear());
  view.setUint16(22, Math.floor((date.getTime() - yearStart) / 86_400_000) + 1);
  out[24] = date.getUTCHours();
  out[25] = date.getUTCMinutes();
  out[26] = date.getUTCSeconds();
  view.setUint16(28, tenthMs % 10_000);
  return out;
}

/** Offset of blockette 1000 inside a big-endian miniSEED 2 record. */
export function blockette1000Offset(record: Uint8Array): number {
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  let at = view.getUint16(46);
  while (at !== 0 && view.getUint16(at) !== 1000) at = view.getUint16(at + 2);
  if (at === 0) throw new Error('no blockette 1000');
  return at;
}
