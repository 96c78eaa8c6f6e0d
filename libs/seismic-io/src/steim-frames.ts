import type { ByteSource } from './byte-source';
import { SeismicFormatError } from './errors';

/** Where a Steim payload sits and how many samples its header promises. */
export interface SteimPayload {
  /** Absolute offset of the first 64-byte frame. */
  start: number;
  /** Bytes available for frames; a trailing partial frame is ignored, as libmseed does. */
  byteLength: number;
  numSamples: number;
  /** Word order of the payload (miniSEED 2: blockette 1000; miniSEED 3: always big-endian). */
  littleEndian: boolean;
}

export const STEIM_FRAME_BYTES = 64;

/**
 * Integrates decoded differences in place: `out[o]` becomes X0 and every later sample is the
 * previous one plus its difference (int32 wrap-around, like the C decoders). The first difference
 * refers to the previous record and is discarded. Then checks the reverse integration constant Xn.
 */
export function integrateSteimDifferences(
  source: ByteSource,
  payload: SteimPayload,
  out: Int32Array,
  outOffset: number,
  x0: number,
  xn: number,
  encodingName: string,
): void {
  const end = outOffset + payload.numSamples;
  out[outOffset] = x0;
  let previous = x0;
  for (let i = outOffset + 1; i < end; i++) {
    previous = (previous + (out[i] as number)) | 0;
    out[i] = previous;
  }
  if (previous !== xn) {
    throw new SeismicFormatError(
      source.file,
      payload.start + 8,
      'corrupt-data',
      `${encodingName} last sample ${previous} to equal the reverse integration constant Xn`,
      String(xn),
    );
  }
}

export function tooFewSamples(source: ByteSource, payload: SteimPayload, decoded: number, encodingName: string): SeismicFormatError {
  return new SeismicFormatError(
    source.file,
    payload.start,
    'corrupt-data',
    `${payload.numSamples} samples (record header) in ${Math.floor(payload.byteLength / STEIM_FRAME_BYTES)} ${encodingName} frames`,
    `${decoded} differences`,
  );
}
