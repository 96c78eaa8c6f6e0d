import type { ByteSource } from './byte-source';
import { SeismicFormatError } from './errors';
import { integrateSteimDifferences, STEIM_FRAME_BYTES, tooFewSamples, type SteimPayload } from './steim-frames';

/**
 * Decodes a Steim-2 payload (SEED manual, appendix B) into `out[outOffset .. outOffset + numSamples)`.
 *
 * Word codes c(k): 0 = no data, 1 = four int8 differences; 2 and 3 defer to the word's top two bits
 * dnib: c=2: dnib 1 = one 30-bit, 2 = two 15-bit, 3 = three 10-bit differences; c=3: dnib 0 = five
 * 6-bit, 1 = six 5-bit, 2 = seven 4-bit differences. Any other combination is corrupt data.
 * Frame 0 words 1 and 2 are X0 and Xn; x(0) = X0, x(i) = x(i-1) + d(i), checked against Xn.
 *
 * Hand-written rather than seisplotjs's decodeSteim2: that one allocates an Int32Array(106) per
 * frame plus a slice, and a new output per record; this decoder writes into the caller's buffer and
 * is about 5x faster on the Luhu archive (bench/seismic-io). It also names the byte of a bad code.
 */
export function decodeSteim2(source: ByteSource, payload: SteimPayload, out: Int32Array, outOffset: number): void {
  const { view, bytes } = source;
  const { start, numSamples, littleEndian } = payload;
  if (numSamples === 0) return;
  const frames = Math.floor(payload.byteLength / STEIM_FRAME_BYTES);
  if (frames === 0) throw tooFewSamples(source, payload, 0, 'Steim-2');
  const x0 = view.getInt32(start + 4, littleEndian);
  const xn = view.getInt32(start + 8, littleEndian);
  let n = 0;
  for (let f = 0; f < frames && n < numSamples; f++) {
    const frame = start + f * STEIM_FRAME_BYTES;
    const codes = view.getUint32(frame, littleEndian);
    for (let w = f === 0 ? 3 : 1; w < 16 && n < numSamples; w++) {
      const at = frame + w * 4;
      const code = (codes >>> (30 - 2 * w)) & 3;
      if (code === 0) continue;
      if (code === 1) {
        for (let b = 0; b < 4 && n < numSamples; b++) out[outOffset + n++] = (bytes[at + b] as number) << 24 >> 24;
        continue;
      }
      const word = view.getInt32(at, littleEndian);
      const dnib = (word >>> 30) & 3;
      let count: number;
      let bits: number;
      if (code === 2) {
        if (dnib === 0) throw badSubcode(source, at, code, dnib);
        count = dnib; // 1 x 30, 2 x 15, 3 x 10 bits
        bits = dnib === 1 ? 30 : dnib === 2 ? 15 : 10;
      } else {
        if (dnib === 3) throw badSubcode(source, at, code, dnib);
        count = 5 + dnib; // 5 x 6, 6 x 5, 7 x 4 bits
        bits = 6 - dnib;
      }
      // Differences are packed from the high end; shift each to the top and sign-extend back down.
      const lead = 32 - count * bits;
      for (let d = 0; d < count && n < numSamples; d++) {
        out[outOffset + n++] = (word << (lead + d * bits)) >> (32 - bits);
      }
    }
  }
  if (n < numSamples) throw tooFewSamples(source, payload, n, 'Steim-2');
  integrateSteimDifferences(source, payload, out, outOffset, x0, xn, 'Steim-2');
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
