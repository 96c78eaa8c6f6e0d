import { byteSource } from './byte-source';
import { crc32c } from './crc32c';
import { SeismicFormatError } from './errors';
import { readMiniseedHeaders } from './read-records';
import { readMiniseedTraces } from './read-traces';
import { LUHU_EHZ_088, readRepoFile } from './testing/fixtures';
import { blockette1000Offset } from './testing/records';

// A corpus of damaged files made from the real ones: every damage must give an error that names the
// file, the byte offset and what was expected there.
const luhu = readRepoFile(LUHU_EHZ_088);
const RECORD = 4096;
const mseed3File = 'tools/fixtures/seismic-io/generated/cola-steim2.mseed3';
const mseed3 = readRepoFile(mseed3File);
const mseed3Headers = readMiniseedHeaders(byteSource(mseed3, mseed3File));

function damaged(source: Uint8Array, edit: (bytes: Uint8Array, view: DataView) => void): Uint8Array {
  const bytes = Uint8Array.from(source);
  edit(bytes, new DataView(bytes.buffer));
  return bytes;
}

function errorOf(bytes: Uint8Array, file = 'damaged.mseed'): SeismicFormatError {
  try {
    readMiniseedTraces(bytes, file);
  } catch (error) {
    if (error instanceof SeismicFormatError) return error;
    throw error;
  }
  throw new Error('expected a SeismicFormatError, but the file decoded');
}

describe('damaged miniSEED 2 (from the Luhu day file, 4096-byte Steim-2 records)', () => {
  const b1000 = blockette1000Offset(luhu.subarray(0, RECORD));

  it.each([
    ['an empty file', new Uint8Array(0), 0, 'empty', 'damaged.mseed: byte 0: empty: expected at least one miniSEED record, found an empty file'],
    [
      'a file cut inside the third record',
      luhu.subarray(0, 2 * RECORD + 1808),
      2 * RECORD,
      'truncated',
      'damaged.mseed: byte 8192: truncated: expected a 4096-byte record (blockette 1000), found only 1808 bytes left in the file',
    ],
    [
      'a file cut inside a fixed header',
      luhu.subarray(0, 3 * RECORD + 20),
      3 * RECORD,
      'truncated',
      'damaged.mseed: byte 12288: truncated: expected a 48-byte miniSEED 2 fixed header, found only 20 bytes',
    ],
    [
      'a flipped data-quality indicator (record magic) in record 4',
      damaged(luhu, (b) => (b[3 * RECORD + 6] = 0x58)),
      3 * RECORD,
      'bad-header',
      'damaged.mseed: byte 12288: bad-header: expected a miniSEED record start: 6-digit sequence number, data-quality indicator D/R/Q/M and a space (miniSEED 2), or "MS" and version 3 (miniSEED 3), found "000004X "',
    ],
    [
      'an unknown encoding byte in blockette 1000 of record 2',
      damaged(luhu, (b) => (b[RECORD + b1000 + 4] = 99)),
      RECORD + b1000 + 4,
      'unknown-encoding',
      `damaged.mseed: byte ${RECORD + b1000 + 4}: unknown-encoding: expected encoding 1 (int16), 3 (int32), 4 (float32), 5 (float64), 10 (Steim-1) or 11 (Steim-2), found encoding 99 (unknown)`,
    ],
    [
      'an unsupported but known encoding (GEOSCOPE 24-bit)',
      damaged(luhu, (b) => (b[b1000 + 4] = 12)),
      b1000 + 4,
      'unknown-encoding',
      /found encoding 12 \(GEOSCOPE 24-bit\)$/,
    ],
    [
      'a start year outside 1900-2100 in either byte order',
      damaged(luhu, (_b, v) => v.setUint16(5 * RECORD + 20, 0xffff)),
      5 * RECORD + 20,
      'bad-header',
      /expected a start year 1900-2100 and day of year 1-366 in either byte order, found 0xffff/,
    ],
    [
      'a record length exponent of 40',
      damaged(luhu, (b) => (b[b1000 + 6] = 40)),
      b1000 + 6,
      'bad-header',
      /expected a record length exponent 7-20/,
    ],
    [
      'a non-miniSEED file',
      new TextEncoder().encode('{"this": "is JSON, not miniSEED", "padding": "................................"}'),
      0,
      'bad-header',
      /found "\{\\"this\\":"$/,
    ],
  ])('%s', (_name, bytes, offset, problem, message) => {
    const error = errorOf(bytes);
    expect(error.file).toBe('damaged.mseed');
    expect(error.offset).toBe(offset);
    expect(error.problem).toBe(problem);
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
  });

  it('detects flipped bits in Steim-2 data (record 6) as corrupt data inside that record', () => {
    const error = errorOf(damaged(luhu, (b) => (b[5 * RECORD + 64 + 200] = b[5 * RECORD + 64 + 200]! ^ 0x5a)));
    expect(error.problem).toBe('corrupt-data');
    expect(error.offset).toBeGreaterThanOrEqual(5 * RECORD);
    expect(error.offset).toBeLessThan(6 * RECORD);
  });

  it('refuses a record whose sample rate differs from the channel\'s, naming both', () => {
    // Rate factor 50 instead of 100 in record 8 (no blockette 100 in these files).
    const error = errorOf(damaged(luhu, (_b, v) => v.setInt16(7 * RECORD + 32, 50)));
    expect(error.message).toBe('damaged.mseed: byte 28672: sample-rate-mismatch: expected 100 Hz for TW.LH01.00.EHZ like its record at byte 0, found 50 Hz');
  });
});

describe('damaged miniSEED 3 (from the pymseed-written COLA file)', () => {
  const second = mseed3Headers[1]!;

  /** Rewrites the CRC so only the intended damage is seen. */
  function withFreshCrc(bytes: Uint8Array, offset: number, length: number): void {
    const view = new DataView(bytes.buffer);
    view.setUint32(offset + 28, 0, true);
    view.setUint32(offset + 28, crc32c(bytes, offset, offset + length), true);
  }

  it('catches a flipped data byte with the CRC-32C', () => {
    const error = errorOf(damaged(mseed3, (b) => (b[second.dataOffset + 10] = b[second.dataOffset + 10]! ^ 1)));
    expect(error.offset).toBe(second.offset + 28);
    expect(error.problem).toBe('corrupt-data');
    expect(error.message).toMatch(/expected CRC-32C 0x[0-9A-F]{8} of the record, found 0x[0-9A-F]{8}$/);
  });

  it('names an unknown encoding', () => {
    const bytes = damaged(mseed3, (b) => {
      b[second.offset + 15] = 99;
      withFreshCrc(b, second.offset, second.recordLength);
    });
    const error = errorOf(bytes);
    expect([error.offset, error.problem]).toEqual([second.offset + 15, 'unknown-encoding']);
  });

  it('reports a truncated last record with the bytes it needed', () => {
    const error = errorOf(mseed3.subarray(0, second.offset + 100));
    expect(error.message).toBe(`damaged.mseed: byte ${second.offset}: truncated: expected a ${second.recordLength}-byte record (40 + identifier 21 + extra headers 0 + data ${second.dataLength}), found only 100 bytes left in the file`);
  });

  it('treats a wrong format version as a bad header', () => {
    const error = errorOf(damaged(mseed3, (b) => (b[second.offset + 2] = 4)));
    expect([error.offset, error.problem]).toEqual([second.offset, 'bad-header']);
  });
});
