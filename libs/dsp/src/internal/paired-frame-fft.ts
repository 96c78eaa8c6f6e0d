// A radix-4 FFT specialised for the STFT frame loop: two real frames (a in the real lane, b in the
// imaginary lane) per complex transform of a power-of-two size n, with windowing and the input
// permutation fused into the first stage.
//
// Why hand-written rather than fft.js `transform` (which this replaces for power-of-two nfft): fft.js
// is a good general radix-4 FFT, but in the STFT loop it needs a separate windowing pass into an
// interleaved pair buffer, reads its twiddles from a plain JS Array, multiplies every twiddle and the
// -i rotation by an `inv` sign, and calls a method per first-stage butterfly through `this`. Here the
// first stage gathers the two frames straight from the input in digit-reversed order and applies
// the window in the same load (the window is pre-permuted, and pre-scaled by 1/2 so the pair
// separation X_a = Z[k] + conj Z[n-k], X_b = -i (Z[k] - conj Z[n-k]) needs no extra multiply), the
// twiddles are one Float64Array per stage in loop order, and there is no sign multiply.
// Measured on this machine (2 cores, AMD EPYC, load average 7-9 from other jobs; CPU time, best of 7),
// the 33,749 pair transforms of a 100 Hz day at nfft 256 including the windowing: fft.js `transform`
// after a windowing pass 88-91 ms, this kernel 48-65 ms. Results equal fft.js's to rounding (same
// radix-4 decimation in time and twiddle values; bit-identical on the sizes checked).
// Tried and dropped: special-casing the unit twiddles (k = 0) gave no measurable gain; fusing the
// size-16 stage into the first pass (a 16-point block in locals, one load/store pass fewer) was
// 10-15 % slower (49-52 vs 54-61 ms, alternating runs), presumably from register spills.
import type { RealArray } from '../types';

/** Per-size tables: which frame sample feeds each permuted position, with its window weight. */
export class PairedFrameFft {
  readonly n: number;
  /** Z = FFT(a w / 2 + i b w / 2), interleaved [re, im] * n, valid after `transform`. */
  readonly z: Float64Array;
  private readonly sampleAt: Int32Array;
  private readonly weightAt: Float64Array;
  private readonly baseRadix: 2 | 4;
  private readonly twiddles: Float64Array;

  /**
   * @param n transform size, a power of two >= 4
   * @param window frameLength window values (already carrying the STFT scaling)
   * @param bufferOffset where the windowed frame starts inside the n-point buffer (zeros elsewhere)
   */
  constructor(n: number, window: Float64Array, bufferOffset: number) {
    this.n = n;
    this.z = new Float64Array(2 * n);
    const log2 = Math.round(Math.log2(n));
    this.baseRadix = log2 % 2 === 0 ? 4 : 2;
    const order = digitReversedOrder(n, this.baseRadix);
    this.sampleAt = new Int32Array(n);
    this.weightAt = new Float64Array(n);
    for (let p = 0; p < n; p++) {
      const i = order[p]! - bufferOffset;
      const inside = i >= 0 && i < window.length;
      // outside the window's support the weight is 0 and the sample index any valid one (0)
      this.sampleAt[p] = inside ? i : 0;
      this.weightAt[p] = inside ? 0.5 * window[i]! : 0;
    }
    this.twiddles = stageTwiddles(n, this.baseRadix);
  }

  /**
   * Transforms frame a = srcA[startA .. startA + frameLength) and frame b likewise (pass a zero
   * frame for b when there is none); the result is left in `z`.
   */
  transform(srcA: RealArray, startA: number, srcB: RealArray, startB: number): void {
    if (this.baseRadix === 4) this.firstStage4(srcA, startA, srcB, startB);
    else this.firstStage2(srcA, startA, srcB, startB);
    this.radix4Stages();
  }

  /** Windowed, permuted 4-point DFTs: z_j = (a w)[s] + i (b w)[s] for the four samples s of each group. */
  private firstStage4(srcA: RealArray, startA: number, srcB: RealArray, startB: number): void {
    const { z, sampleAt, weightAt, n } = this;
    for (let p = 0; p < n; p += 4) {
      const s0 = sampleAt[p]!, s1 = sampleAt[p + 1]!, s2 = sampleAt[p + 2]!, s3 = sampleAt[p + 3]!;
      const w0 = weightAt[p]!, w1 = weightAt[p + 1]!, w2 = weightAt[p + 2]!, w3 = weightAt[p + 3]!;
      const r0 = srcA[startA + s0]! * w0, i0 = srcB[startB + s0]! * w0;
      const r1 = srcA[startA + s1]! * w1, i1 = srcB[startB + s1]! * w1;
      const r2 = srcA[startA + s2]! * w2, i2 = srcB[startB + s2]! * w2;
      const r3 = srcA[startA + s3]! * w3, i3 = srcB[startB + s3]! * w3;
      const t0r = r0 + r2, t0i = i0 + i2, t1r = r0 - r2, t1i = i0 - i2;
      const t2r = r1 + r3, t2i = i1 + i3, t3r = r1 - r3, t3i = i1 - i3;
      const o = 2 * p;
      z[o] = t0r + t2r;
      z[o + 1] = t0i + t2i;
      z[o + 2] = t1r + t3i; // t1 - i t3
      z[o + 3] = t1i - t3r;
      z[o + 4] = t0r - t2r;
      z[o + 5] = t0i - t2i;
      z[o + 6] = t1r - t3i; // t1 + i t3
      z[o + 7] = t1i + t3r;
    }
  }

  private firstStage2(srcA: RealArray, startA: number, srcB: RealArray, startB: number): void {
    const { z, sampleAt, weightAt, n } = this;
    for (let p = 0; p < n; p += 2) {
      const s0 = sampleAt[p]!, s1 = sampleAt[p + 1]!;
      const w0 = weightAt[p]!, w1 = weightAt[p + 1]!;
      const r0 = srcA[startA + s0]! * w0, i0 = srcB[startB + s0]! * w0;
      const r1 = srcA[startA + s1]! * w1, i1 = srcB[startB + s1]! * w1;
      const o = 2 * p;
      z[o] = r0 + r1;
      z[o + 1] = i0 + i1;
      z[o + 2] = r0 - r1;
      z[o + 3] = i0 - i1;
    }
  }

  /**
   * Decimation-in-time radix-4 stages, sizes L = 4 base, ..., n: four sub-transforms Y_r of size
   * L/4 at offsets r L/4 combine into X[k + q L/4] = sum_r W_L^{r k} (-i)^{r q} Y_r[k].
   */
  private radix4Stages(): void {
    const { z, n, twiddles } = this;
    let tw = 0;
    for (let size = 4 * this.baseRadix; size <= n; size *= 4) {
      const quarter = size >>> 2;
      for (let k = 0; k < quarter; k++, tw += 6) {
        const c1 = twiddles[tw]!, s1 = twiddles[tw + 1]!;
        const c2 = twiddles[tw + 2]!, s2 = twiddles[tw + 3]!;
        const c3 = twiddles[tw + 4]!, s3 = twiddles[tw + 5]!;
        for (let a = 2 * k; a < 2 * n; a += 2 * size) {
          const b = a + 2 * quarter, c = b + 2 * quarter, d = c + 2 * quarter;
          const ar = z[a]!, ai = z[a + 1]!;
          const br0 = z[b]!, bi0 = z[b + 1]!;
          const cr0 = z[c]!, ci0 = z[c + 1]!;
          const dr0 = z[d]!, di0 = z[d + 1]!;
          const br = br0 * c1 - bi0 * s1, bi = br0 * s1 + bi0 * c1;
          const cr = cr0 * c2 - ci0 * s2, ci = cr0 * s2 + ci0 * c2;
          const dr = dr0 * c3 - di0 * s3, di = dr0 * s3 + di0 * c3;
          const t0r = ar + cr, t0i = ai + ci, t1r = ar - cr, t1i = ai - ci;
          const t2r = br + dr, t2i = bi + di, t3r = br - dr, t3i = bi - di;
          z[a] = t0r + t2r;
          z[a + 1] = t0i + t2i;
          z[b] = t1r + t3i;
          z[b + 1] = t1i - t3r;
          z[c] = t0r - t2r;
          z[c + 1] = t0i - t2i;
          z[d] = t1r - t3i;
          z[d + 1] = t1i + t3r;
        }
      }
    }
  }
}

/**
 * order[p] = the input index whose value sits at position p before the first stage: with radix-4
 * decimation in time, n = 4 m + r goes to block r of size n/4, recursively, down to the base DFT.
 */
function digitReversedOrder(n: number, baseRadix: number): Int32Array {
  const order = new Int32Array(n);
  const place = (size: number, offset: number, first: number, step: number): void => {
    if (size === baseRadix) {
      for (let j = 0; j < size; j++) order[offset + j] = first + j * step;
      return;
    }
    const quarter = size / 4;
    for (let r = 0; r < 4; r++) place(quarter, offset + r * quarter, first + r * step, 4 * step);
  };
  place(n, 0, 0, 1);
  return order;
}

/** (cos, sin) of -2 pi r k / L for r = 1, 2, 3, stage after stage, k ascending (the loop order). */
function stageTwiddles(n: number, baseRadix: number): Float64Array {
  const values: number[] = [];
  for (let size = 4 * baseRadix; size <= n; size *= 4) {
    for (let k = 0; k < size / 4; k++) {
      for (let r = 1; r <= 3; r++) {
        const angle = (-2 * Math.PI * r * k) / size;
        values.push(Math.cos(angle), Math.sin(angle));
      }
    }
  }
  return Float64Array.from(values);
}
