// The frame loop shared by stft (complex output) and spectrogram (fused magnitude/power/dB).
//
// Two real frames go through ONE complex transform (frame a in the real part, frame b in the
// imaginary part); the window is pre-scaled by 1/2 so the consumer separates the pair with
// X_a[k] = Z[k] + conj Z[n-k] and X_b[k] = -i (Z[k] - conj Z[n-k]) and writes the bins straight into
// its (freq x time) output: no per-frame allocation, no intermediate frame-major block to transpose
// (a 32-frame block flushed row by row measured slower than the direct strided writes).
// Power-of-two nfft (the common case, nfft 256 for the day-long spectrogram) uses PairedFrameFft,
// which also fuses windowing into its first stage (see paired-frame-fft.ts for why and the
// measurement); other lengths window into a pair buffer and use the mixed-radix planFft (fft.js for
// powers of two, which is what `kernel: 'generic'` selects as the reference path in the tests).
import { isPowerOfTwo, planFft, type FftPlan } from './fft-plan';
import { PairedFrameFft } from './paired-frame-fft';
import type { RealArray } from '../types';

export interface FrameGeometry {
  /** Samples windowed per frame (nperseg; a librosa frame of n_fft is zero outside the window). */
  readonly frameLength: number;
  readonly nfft: number;
  readonly hop: number;
  readonly nFrames: number;
  /** Input index of frame 0's first sample (negative when padded on the left). */
  readonly firstSample: number;
  /** Where the windowed frame starts inside the nfft buffer (librosa centres a short window). */
  readonly bufferOffset: number;
  /** Window of frameLength values (already scaled). */
  readonly window: Float64Array;
  readonly padMode: 'constant' | 'reflect';
}

/** 'auto': PairedFrameFft for power-of-two nfft >= 4, else planFft. 'generic': always planFft (reference). */
export type FrameKernel = 'auto' | 'generic';

/**
 * Pulls the transforms of frame pairs: `transform(t)` returns z (interleaved, nfft complex values)
 * of frames t (real lane) and t + 1 (imaginary lane, all zero when t + 1 = nFrames), windowed with
 * window / 2. Consumers run their own frame loop (so the per-bin code is inlined and monomorphic)
 * and separate X_a[k] = Z[k] + conj Z[n-k], X_b[k] = -i (Z[k] - conj Z[n-k]).
 */
export class FramePairs {
  private readonly paired: PairedFrameFft | null;
  private readonly plan: FftPlan | null;
  private readonly halfWindow: Float64Array;
  private readonly pair: Float64Array;
  private readonly z: Float64Array;
  // edge frames are copied (with their padding) into buffers of the input's own type, so the
  // transform reads one array type and padded samples keep the input's exact values
  private readonly edgeA: RealArray;
  private readonly edgeB: RealArray;
  private readonly silence: RealArray;

  constructor(
    private readonly x: RealArray,
    private readonly geometry: FrameGeometry,
    kernel: FrameKernel = 'auto',
  ) {
    const { nfft, frameLength } = geometry;
    const frame = () => (x instanceof Float32Array ? new Float32Array(frameLength) : new Float64Array(frameLength));
    this.edgeA = frame();
    this.edgeB = frame();
    this.silence = frame();
    const fast = kernel === 'auto' && isPowerOfTwo(nfft) && nfft >= 4;
    this.paired = fast ? new PairedFrameFft(nfft, geometry.window, geometry.bufferOffset) : null;
    this.plan = fast ? null : planFft(nfft);
    this.halfWindow = geometry.window.map((w) => 0.5 * w);
    // interleaved complex frame pair; the zero padding outside the window's support is never written
    this.pair = new Float64Array(fast ? 0 : 2 * nfft);
    this.z = new Float64Array(fast ? 0 : 2 * nfft);
  }

  transform(t: number): Float64Array {
    const { x, geometry } = this;
    const { frameLength, hop, nFrames, firstSample, padMode } = geometry;
    const startA = firstSample + t * hop;
    const startB = startA + hop;
    const interiorA = startA >= 0 && startA + frameLength <= x.length;
    const interiorB = startB >= 0 && startB + frameLength <= x.length;
    const a = interiorA ? x : fillEdgeFrame(x, startA, padMode, this.edgeA);
    const b = t + 1 >= nFrames ? this.silence : interiorB ? x : fillEdgeFrame(x, startB, padMode, this.edgeB);
    const offsetA = interiorA ? startA : 0;
    const offsetB = b === x ? startB : 0;
    if (this.paired) {
      this.paired.transform(a, offsetA, b, offsetB);
      return this.paired.z;
    }
    windowInto(a, offsetA, this.halfWindow, this.pair, 2 * geometry.bufferOffset);
    windowInto(b, offsetB, this.halfWindow, this.pair, 2 * geometry.bufferOffset + 1);
    this.plan!.forward(this.pair, this.z);
    return this.z;
  }
}

/** pair[at + 2 i] = src[start + i] * window[i] for the window's support. */
function windowInto(src: RealArray, start: number, window: Float64Array, pair: Float64Array, at: number): void {
  for (let i = 0, j = at; i < window.length; i++, j += 2) pair[j] = src[start + i]! * window[i]!;
}

/** Copies the frame starting at input index `start` (partly outside x) with its padding into `frame`. */
function fillEdgeFrame<T extends RealArray>(x: RealArray, start: number, mode: 'constant' | 'reflect', frame: T): T {
  for (let i = 0; i < frame.length; i++) frame[i] = paddedSample(x, start + i, mode);
  return frame;
}

/** Sample i of x extended with zeros or numpy 'reflect' (no edge repeat) padding. */
function paddedSample(x: RealArray, i: number, mode: 'constant' | 'reflect'): number {
  const n = x.length;
  if (i >= 0 && i < n) return x[i]!;
  if (mode === 'constant' || n === 1) return 0;
  const period = 2 * (n - 1);
  let j = ((i % period) + period) % period;
  if (j >= n) j = period - j;
  return x[j]!;
}
