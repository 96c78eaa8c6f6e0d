import type { ByteSource } from './byte-source';
import { checkReverseConstant, STEIM_FRAME_BYTES, tooFewSamples, type SteimPayload } from './steim-frames';

/**
 * Decodes a Steim-1 payload (SEED manual, appendix B) into `out[outOffset .. outOffset + numSamples)`.
 *
 * Each 64-byte frame is 16 words; word 0 holds 2-bit codes c(k) for words k = 1..15:
 * 0 = no data, 1 = four int8 differences, 2 = two int16, 3 = one int32. Frame 0 words 1 and 2 are
 * the forward and reverse integration constants X0 and Xn. Samples: x(0) = X0, x(i) = x(i-1) + d(i)
 * (int32 wrap-around), the last one checked against Xn; d(0) links to the previous record, so
 * integration starts from X0 - d(0) and each sample is written once.
 *
 * Hand-written rather than seisplotjs's decodeSteim1, which builds a JS array per frame and a new
 * output per record (its Steim decoding runs at about a tenth of this library's speed in
 * bench/seismic-io, and the package cannot be imported in Node at all, see README); this one writes
 * straight into the caller's buffer.
 */
export function decodeSteim1(source: ByteSource, payload: SteimPayload, out: Int32Array, outOffset: number): void {
  const { view, bytes } = source;
  const { start, numSamples, littleEndian } = payload;
  if (numSamples === 0) return;
  const frames = Math.floor(payload.byteLength / STEIM_FRAME_BYTES);
  if (frames === 0) throw tooFewSamples(source, payload, 0, 'Steim-1');
  const x0 = view.getInt32(start + 4, littleEndian);
  const xn = view.getInt32(start + 8, littleEndian);
  let last = (x0 - firstDifference(source, payload, frames)) | 0;
  let n = 0;
  let o = outOffset;
  for (let f = 0; f < frames && n < numSamples; f++) {
    const frame = start + f * STEIM_FRAME_BYTES;
    const codes = view.getUint32(frame, littleEndian);
    for (let w = f === 0 ? 3 : 1; w < 16 && n < numSamples; w++) {
      const at = frame + w * 4;
      switch ((codes >>> (30 - 2 * w)) & 3) {
        case 0:
          break;
        case 1:
          for (let b = 0; b < 4 && n < numSamples; b++, n++) out[o++] = last = (last + (((bytes[at + b] as number) << 24) >> 24)) | 0;
          break;
        case 2:
          out[o++] = last = (last + view.getInt16(at, littleEndian)) | 0;
          n++;
          if (n < numSamples) {
            out[o++] = last = (last + view.getInt16(at + 2, littleEndian)) | 0;
            n++;
          }
          break;
        default:
          out[o++] = last = (last + view.getInt32(at, littleEndian)) | 0;
          n++;
      }
    }
  }
  if (n < numSamples) throw tooFewSamples(source, payload, n, 'Steim-1');
  checkReverseConstant(source, payload, last, xn, 'Steim-1');
}

/** d(0): the first difference in the payload (normally frame 0, word 3). */
function firstDifference(source: ByteSource, payload: SteimPayload, frames: number): number {
  const { view, bytes } = source;
  const { start, littleEndian } = payload;
  for (let f = 0; f < frames; f++) {
    const frame = start + f * STEIM_FRAME_BYTES;
    const codes = view.getUint32(frame, littleEndian);
    for (let w = f === 0 ? 3 : 1; w < 16; w++) {
      const at = frame + w * 4;
      const code = (codes >>> (30 - 2 * w)) & 3;
      if (code === 1) return ((bytes[at] as number) << 24) >> 24;
      if (code === 2) return view.getInt16(at, littleEndian);
      if (code === 3) return view.getInt32(at, littleEndian);
    }
  }
  return 0;
}
