/** SEED data encodings (blockette 1000 field 3; miniSEED 3 byte 15) that this library decodes. */
export const ENCODING = {
  INT16: 1,
  INT32: 3,
  FLOAT32: 4,
  FLOAT64: 5,
  STEIM1: 10,
  STEIM2: 11,
} as const;

export type SupportedEncoding = (typeof ENCODING)[keyof typeof ENCODING];

export const ENCODING_NAMES: Readonly<Record<number, string>> = {
  0: 'ASCII text',
  1: '16-bit integer',
  2: '24-bit integer',
  3: '32-bit integer',
  4: 'IEEE float32',
  5: 'IEEE float64',
  10: 'Steim-1',
  11: 'Steim-2',
  12: 'GEOSCOPE 24-bit',
  13: 'GEOSCOPE 16/3',
  14: 'GEOSCOPE 16/4',
  15: 'USNSN',
  16: 'CDSN',
  17: 'Graefenberg',
  18: 'IPG Strasbourg',
  19: 'Steim-3',
  30: 'SRO',
  31: 'HGLP',
  32: 'DWWSSN',
  33: 'RSTN',
  100: 'opaque',
};

/** Names the encodings this library decodes, for "expected ..." messages. */
export const SUPPORTED_ENCODINGS_TEXT = 'encoding 1 (int16), 3 (int32), 4 (float32), 5 (float64), 10 (Steim-1) or 11 (Steim-2)';

export function isSupportedEncoding(code: number): code is SupportedEncoding {
  return code === 1 || code === 3 || code === 4 || code === 5 || code === 10 || code === 11;
}

export function describeEncoding(code: number): string {
  return `${code} (${ENCODING_NAMES[code] ?? 'unknown'})`;
}

/** Sample type a decoded encoding produces: integers for 1, 3, 10, 11; floats for 4 and 5. */
export type SampleKind = 'int32' | 'float32' | 'float64';

export function sampleKindOf(encoding: SupportedEncoding): SampleKind {
  if (encoding === ENCODING.FLOAT32) return 'float32';
  if (encoding === ENCODING.FLOAT64) return 'float64';
  return 'int32';
}

export type SampleArray = Int32Array | Float32Array | Float64Array;

export function allocateSamples(kind: SampleKind, length: number): SampleArray {
  if (kind === 'float32') return new Float32Array(length);
  if (kind === 'float64') return new Float64Array(length);
  return new Int32Array(length);
}
