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

/** The last decoded sample must equal the reverse integration constant Xn (frame 0, word 2). */
export function checkReverseConstant(source: ByteSource, payload: SteimPayload, last: number, xn: number, encodingName: string): void {
  if (last === xn) return;
  throw new SeismicFormatError(
    source.file,
    payload.start + 8,
    'corrupt-data',
    `${encodingName} last sample ${last} to equal the reverse integration constant Xn`,
    String(xn),
  );
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
