// The frame loop shared by stft (complex output) and spectrogram (fused magnitude/power/dB).
//
// Two real frames go through ONE complex transform (frame a in the real part, frame b in the
// imaginary part); the window is pre-scaled by 1/2 so the visitor separates the pair with
// X_a[k] = Z[k] + conj Z[n-k] and X_b[k] = -i (Z[k] - conj Z[n-k]) and writes the bins straight into
// its (freq x time) output: no per-frame allocation, no intermediate frame-major block to transpose.
// Power-of-two nfft (the common case, nfft 256 for the day-long spectrogram) uses PairedFrameFft,
// which also fuses windowing into its first stage (see paired-frame-fft.ts for why and the
// measurement); other lengths window into a pair buffer and use the mixed-radix planFft (fft.js for
// powers of two, which is what `kernel: 'generic'` selects as the reference path in the tests).
import { isPowerOfTwo, planFft } from './fft-plan';
import { PairedFrameFft } from './paired-frame-fft';
import type { RealArray } from '../types';

export interface FrameGeometry {
  /** Samples per analysed frame (scipy: nperseg; librosa: n_fft). */
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

/**
 * Receives the transform z (interleaved, nfft complex values) of frames `frame` (real lane) and
 * `frame + 1` (imaginary lane, all zero when `hasSecond` is false), windowed with window / 2.
 */
export type PairVisitor = (z: Float64Array, frame: number, hasSecond: boolean) => void;

/** 'auto': PairedFrameFft for power-of-two nfft >= 4, else planFft. 'generic': always planFft (reference). */
export type FrameKernel = 'auto' | 'generic';

export function runFramePairs(x: RealArray, geometry: FrameGeometry, visit: PairVisitor, kernel: FrameKernel = 'auto'): void {
  const { nfft, frameLength, hop, nFrames, firstSample } = geometry;
  // edge frames are copied (with their padding) into a buffer of the input's own type, so the
  // transform reads one array type and padded samples keep the input's exact values
  const edgeA = x instanceof Float32Array ? new Float32Array(frameLength) : new Float64Array(frameLength);
  const edgeB = x instanceof Float32Array ? new Float32Array(frameLength) : new Float64Array(frameLength);
  const silence = x instanceof Float32Array ? new Float32Array(frameLength) : new Float64Array(frameLength);
  const isInterior = (start: number) => start >= 0 && start + frameLength <= x.length;
  if (kernel === 'auto' && isPowerOfTwo(nfft) && nfft >= 4) {
    const fft = new PairedFrameFft(nfft, geometry.window, geometry.bufferOffset);
    for (let t = 0; t < nFrames; t += 2) {
      const hasSecond = t + 1 < nFrames;
      const startA = firstSample + t * hop;
      const startB = startA + hop;
      const a = isInterior(startA) ? x : fillEdgeFrame(x, startA, geometry.padMode, edgeA);
      const b = !hasSecond ? silence : isInterior(startB) ? x : fillEdgeFrame(x, startB, geometry.padMode, edgeB);
      fft.transform(a, a === x ? startA : 0, b, b === x ? startB : 0);
      visit(fft.z, t, hasSecond);
    }
    return;
  }
  const plan = planFft(nfft);
  const halfWindow = geometry.window.map((w) => 0.5 * w);
  // interleaved complex frame pair; the zero padding outside the window's support is never written
  const pair = new Float64Array(2 * nfft);
  const z = new Float64Array(2 * nfft);
  for (let t = 0; t < nFrames; t += 2) {
    const hasSecond = t + 1 < nFrames;
    const startA = firstSample + t * hop;
    const startB = startA + hop;
    windowInto(isInterior(startA) ? x : fillEdgeFrame(x, startA, geometry.padMode, edgeA), isInterior(startA) ? startA : 0, halfWindow, pair, 2 * geometry.bufferOffset);
    const b = !hasSecond ? silence : isInterior(startB) ? x : fillEdgeFrame(x, startB, geometry.padMode, edgeB);
    windowInto(b, b === x ? startB : 0, halfWindow, pair, 2 * geometry.bufferOffset + 1);
    plan.forward(pair, z);
    visit(z, t, hasSecond);
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
