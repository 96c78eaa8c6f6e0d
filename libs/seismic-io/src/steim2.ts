import type { ByteSource } from './byte-source';
import { SeismicFormatError } from './errors';
import { checkReverseConstant, STEIM_FRAME_BYTES, tooFewSamples, type SteimPayload } from './steim-frames';

/**
 * Decodes a Steim-2 payload (SEED manual, appendix B) into `out[outOffset .. outOffset + numSamples)`.
 *
 * Word codes c(k): 0 = no data, 1 = four int8 differences; 2 and 3 defer to the word's top two bits
 * dnib: c=2: dnib 1 = one 30-bit, 2 = two 15-bit, 3 = three 10-bit differences; c=3: dnib 0 = five
 * 6-bit, 1 = six 5-bit, 2 = seven 4-bit differences. Any other combination is corrupt data.
 * Frame 0 words 1 and 2 are X0 and Xn; x(0) = X0, x(i) = x(i-1) + d(i) (int32 wrap-around, as in
 * the C decoders), and the last sample must equal Xn. The first difference d(0) refers to the
 * previous record, so integration starts from X0 - d(0) and every sample is written once, in the
 * same pass that unpacks it.
 *
 * Hand-written rather than seisplotjs's decodeSteim2: that one allocates an Int32Array(106) per
 * frame plus a slice, and a new output per record: 8-14 Msamples/s against 78-160 Msamples/s for this
 * one on the Luhu archive (bench/seismic-io, README). This decoder writes into the caller's buffer
 * and names the byte of a bad code.
 */
export function decodeSteim2(source: ByteSource, payload: SteimPayload, out: Int32Array, outOffset: number): void {
  const { view, bytes } = source;
  const { start, numSamples, littleEndian } = payload;
  if (numSamples === 0) return;
  const frames = Math.floor(payload.byteLength / STEIM_FRAME_BYTES);
  if (frames === 0) throw tooFewSamples(source, payload, 0, 'Steim-2');
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
      const code = (codes >>> (30 - 2 * w)) & 3;
      if (code === 0) continue;
      if (code === 1) {
        for (let b = 0; b < 4 && n < numSamples; b++, n++) out[o++] = last = (last + (((bytes[at + b] as number) << 24) >> 24)) | 0;
        continue;
      }
      const word = view.getInt32(at, littleEndian);
      const dnib = (word >>> 30) & 3;
      const layout = code === 2 ? CODE2[dnib] : CODE3[dnib];
      if (layout === undefined) throw badSubcode(source, at, code, dnib);
      const { count, bits, lead } = layout;
      // Differences are packed from the high end: shift each to the top, then sign-extend down.
      for (let d = 0; d < count && n < numSamples; d++, n++) out[o++] = last = (last + ((word << (lead + d * bits)) >> (32 - bits))) | 0;
    }
  }
  if (n < numSamples) throw tooFewSamples(source, payload, n, 'Steim-2');
  checkReverseConstant(source, payload, last, xn, 'Steim-2');
}

interface Layout {
  count: number;
  bits: number;
  /** Header bits above the first difference (dnib, plus 2 unused bits for 7 x 4). */
  lead: number;
}

const layout = (count: number, bits: number): Layout => ({ count, bits, lead: 32 - count * bits });
/** Indexed by dnib; undefined entries are invalid combinations. */
const CODE2: readonly (Layout | undefined)[] = [undefined, layout(1, 30), layout(2, 15), layout(3, 10)];
const CODE3: readonly (Layout | undefined)[] = [layout(5, 6), layout(6, 5), layout(7, 4), undefined];

/** d(0): the first difference in the payload (normally frame 0, word 3), which only links to the previous record. */
function firstDifference(source: ByteSource, payload: SteimPayload, frames: number): number {
  const { view, bytes } = source;
  const { start, littleEndian } = payload;
  for (let f = 0; f < frames; f++) {
    const frame = start + f * STEIM_FRAME_BYTES;
    const codes = view.getUint32(frame, littleEndian);
    for (let w = f === 0 ? 3 : 1; w < 16; w++) {
      const at = frame + w * 4;
      const code = (codes >>> (30 - 2 * w)) & 3;
      if (code === 0) continue;
      if (code === 1) return ((bytes[at] as number) << 24) >> 24;
      const word = view.getInt32(at, littleEndian);
      const dnib = (word >>> 30) & 3;
      const found = code === 2 ? CODE2[dnib] : CODE3[dnib];
      if (found === undefined) throw badSubcode(source, at, code, dnib);
      return (word << found.lead) >> (32 - found.bits);
    }
  }
  return 0;
}

function badSubcode(source: ByteSource, at: number, code: number, dnib: number): SeismicFormatError {
  return new SeismicFormatError(
    source.file,
    at,
    'corrupt-data',
    code === 2 ? 'a Steim-2 code-2 word with dnib 1, 2 or 3' : 'a Steim-2 code-3 word with dnib 0, 1 or 2',
    `dnib ${dnib}`,
  );
}
