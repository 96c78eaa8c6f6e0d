import { describeBytes, SeismicFormatError } from './errors';
import { sampleOffsetNs, yearDayToNs, type EpochNs } from './time';

const HEADER_BYTES = 632;
const NVHDR_OFFSET = 76 * 4;
const UNDEFINED_NUMBER = -12345;
const V7_FOOTER_DOUBLES = 22;

/** SAC float header fields in file order (words 0-69); `unused*` are kept so positions stay exact. */
const FLOAT_FIELDS = [
  'delta', 'depmin', 'depmax', 'scale', 'odelta', 'b', 'e', 'o', 'a', 'internal0',
  't0', 't1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9',
  'f', 'resp0', 'resp1', 'resp2', 'resp3', 'resp4', 'resp5', 'resp6', 'resp7', 'resp8', 'resp9',
  'stla', 'stlo', 'stel', 'stdp', 'evla', 'evlo', 'evel', 'evdp', 'mag',
  'user0', 'user1', 'user2', 'user3', 'user4', 'user5', 'user6', 'user7', 'user8', 'user9',
  'dist', 'az', 'baz', 'gcarc', 'sb', 'sdelta', 'depmen', 'cmpaz', 'cmpinc',
  'xminimum', 'xmaximum', 'yminimum', 'ymaximum', 'unused6', 'unused7', 'unused8', 'unused9', 'unused10', 'unused11', 'unused12',
] as const;

/** Integer, enumerated and logical fields (words 70-109). */
const INT_FIELDS = [
  'nzyear', 'nzjday', 'nzhour', 'nzmin', 'nzsec', 'nzmsec', 'nvhdr', 'norid', 'nevid', 'npts',
  'nsnpts', 'nwfid', 'nxsize', 'nysize', 'unused15', 'iftype', 'idep', 'iztype', 'unused16', 'iinst',
  'istreg', 'ievreg', 'ievtyp', 'iqual', 'isynth', 'imagtyp', 'imagsrc', 'unused19', 'unused20', 'unused21',
  'unused22', 'unused23', 'unused24', 'unused25', 'unused26', 'leven', 'lpspol', 'lovrok', 'lcalda', 'unused27',
] as const;

/** String fields from byte 440: all 8 bytes except kevnm (16). */
const STRING_FIELDS = [
  'kstnm', 'kevnm', 'khole', 'ko', 'ka', 'kt0', 'kt1', 'kt2', 'kt3', 'kt4', 'kt5', 'kt6', 'kt7', 'kt8', 'kt9',
  'kf', 'kuser0', 'kuser1', 'kuser2', 'kcmpnm', 'knetwk', 'kdatrd', 'kinst',
] as const;

/** SAC v7 footer: double-precision copies of these fields, after the data. */
const V7_FOOTER_FIELDS = ['delta', 'b', 'e', 'o', 'a', 't0', 't1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9', 'f', 'evlo', 'evla', 'stlo', 'stla', 'sb', 'sdelta'] as const;

type FloatField = (typeof FLOAT_FIELDS)[number];
type IntField = (typeof INT_FIELDS)[number];
type StringField = (typeof STRING_FIELDS)[number];

/** SAC header values; a field holding SAC's "undefined" (-12345, "-12345") is `undefined`. */
export type SacHeader = Partial<Record<FloatField | IntField, number> & Record<StringField, string>>;

export interface SacTrace {
  header: SacHeader;
  /** Dependent variable (amplitudes), `npts` values. */
  data: Float32Array;
  /** Second array of uneven (x values) or spectral files (imaginary part / phase); absent for evenly sampled time series. */
  data2?: Float32Array;
  littleEndian: boolean;
  /** `KNETWK.KSTNM.KHOLE.KCMPNM`, empty codes for undefined fields. */
  id: string;
  /** Reference time (nz*) + b, rounded to the microsecond as obspy does; undefined without a reference time. */
  startNs: EpochNs | undefined;
  /** 1 / delta for evenly sampled files. */
  sampleRate: number;
}

/**
 * Reads a binary SAC file in either byte order (detected from NVHDR = 6 or 7) and, for version 7,
 * takes the double-precision delta/b/e/o/a/... from the footer. Float32 header values are turned
 * into the shortest decimal that rounds to the same float32 (so delta 0.01 gives exactly 100 Hz).
 */
export function readSac(bytes: Uint8Array, file: string): SacTrace {
  if (bytes.length === 0) throw new SeismicFormatError(file, 0, 'empty', 'a 632-byte SAC header followed by data', 'an empty file');
  if (bytes.length < HEADER_BYTES) throw new SeismicFormatError(file, 0, 'truncated', `a ${HEADER_BYTES}-byte SAC header`, `only ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const littleEndian = detectByteOrder(bytes, view, file);
  const header: SacHeader = {};
  FLOAT_FIELDS.forEach((name, i) => setNumber(header, name, shortestFloat32(view.getFloat32(i * 4, littleEndian))));
  INT_FIELDS.forEach((name, i) => setNumber(header, name, view.getInt32((70 + i) * 4, littleEndian)));
  let at = 440;
  for (const name of STRING_FIELDS) {
    const length = name === 'kevnm' ? 16 : 8;
    const text = String.fromCharCode(...bytes.subarray(at, at + length)).replace(/\0/g, ' ').trim();
    if (text !== '-12345') header[name] = text;
    at += length;
  }
  const npts = header.npts ?? 0;
  if (npts < 0) throw new SeismicFormatError(file, (70 + 9) * 4, 'bad-header', 'npts >= 0', String(npts));
  const twoArrays = header.leven === 0 || (header.iftype !== undefined && header.iftype >= 2 && header.iftype <= 4);
  const arrays = twoArrays ? 2 : 1;
  const needed = HEADER_BYTES + arrays * npts * 4;
  if (bytes.length < needed) {
    throw new SeismicFormatError(file, HEADER_BYTES, 'truncated', `${arrays} x ${npts} float32 samples (${needed - HEADER_BYTES} bytes)`, `${bytes.length - HEADER_BYTES} bytes`);
  }
  const data = readFloats(view, HEADER_BYTES, npts, littleEndian);
  const data2 = twoArrays ? readFloats(view, HEADER_BYTES + npts * 4, npts, littleEndian) : undefined;
  if (header.nvhdr === 7) readV7Footer(view, needed, header, littleEndian, file);
  const trace: SacTrace = {
    header,
    data,
    littleEndian,
    id: [header.knetwk, header.kstnm, header.khole, header.kcmpnm].map((c) => c ?? '').join('.'),
    startNs: startTime(header),
    sampleRate: header.delta && header.delta > 0 ? 1 / header.delta : 0,
  };
  if (data2) trace.data2 = data2;
  return trace;
}

/** Time of sample `index` of an evenly sampled SAC trace. */
export function sacSampleTimeNs(trace: SacTrace, index: number): EpochNs | undefined {
  return trace.startNs === undefined ? undefined : trace.startNs + BigInt(sampleOffsetNs(index, trace.sampleRate));
}

function detectByteOrder(bytes: Uint8Array, view: DataView, file: string): boolean {
  for (const littleEndian of [true, false]) {
    const version = view.getInt32(NVHDR_OFFSET, littleEndian);
    if (version === 6 || version === 7) return littleEndian;
  }
  throw new SeismicFormatError(file, NVHDR_OFFSET, 'bad-header', 'SAC header version NVHDR 6 or 7 in either byte order', describeBytes(bytes, NVHDR_OFFSET, 4));
}

function setNumber(header: SacHeader, name: FloatField | IntField, value: number): void {
  if (value !== UNDEFINED_NUMBER && !Number.isNaN(value)) header[name] = value;
}

function readFloats(view: DataView, start: number, count: number, littleEndian: boolean): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0, at = start; i < count; i++, at += 4) out[i] = view.getFloat32(at, littleEndian);
  return out;
}

function readV7Footer(view: DataView, at: number, header: SacHeader, littleEndian: boolean, file: string): void {
  if (view.byteLength < at + V7_FOOTER_DOUBLES * 8) {
    throw new SeismicFormatError(file, at, 'truncated', `the SAC v7 footer of ${V7_FOOTER_DOUBLES} doubles`, `${view.byteLength - at} bytes`);
  }
  V7_FOOTER_FIELDS.forEach((name, i) => {
    const value = view.getFloat64(at + i * 8, littleEndian);
    if (value !== UNDEFINED_NUMBER) header[name] = value;
  });
}

function startTime(header: SacHeader): EpochNs | undefined {
  const { nzyear, nzjday, nzhour, nzmin, nzsec, nzmsec } = header;
  if (nzyear === undefined || nzjday === undefined || nzhour === undefined || nzmin === undefined || nzsec === undefined || nzmsec === undefined) return undefined;
  const reference = yearDayToNs(nzyear, nzjday, nzhour, nzmin, nzsec, nzmsec * 1_000_000);
  return reference + BigInt(Math.round((header.b ?? 0) * 1e6)) * 1000n;
}

/** The shortest decimal that rounds to the same float32 (0.009999999776 -> 0.01). */
function shortestFloat32(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  for (let digits = 6; digits < 10; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}
