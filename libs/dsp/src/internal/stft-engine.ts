// The frame loop shared by stft (complex output) and spectrogram (fused magnitude/power/dB).
//
// Why hand-written rather than a "frame -> fft.js realTransform -> copy" loop: that plain loop
// measured ~0.85x scipy.signal.stft on a 100 Hz day. Here (1) every buffer is allocated once;
// (2) interior frames are windowed straight from the input, only edge frames take the padding path;
// (3) two real frames go through ONE complex fft.js `transform` (frame a in the real part, frame b
// in the imaginary part) and are separated with X_a[k] = (Z[k] + conj Z[n-k]) / 2,
// X_b[k] = (Z[k] - conj Z[n-k]) / 2i. Measured CPU time for the 67,499 frames of a 100 Hz day
// (nfft 256, this machine): 99 ms with one realTransform per frame, 82 ms paired (-17 %);
// (4) bins are handed to the sink frame-major in blocks of 64 frames, which it transposes into the
// (freq x time) output in cache-sized tiles instead of 129 strided writes per frame.
import FFT from 'fft.js';
import { isPowerOfTwo, planFft } from './fft-plan';
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

/** Receives each frame's one-sided spectrum (interleaved, nfft/2+1 bins) in blocks of frames. */
export type BinSink = (block: Float64Array, firstFrame: number, frameCount: number, nFreq: number) => void;

const BLOCK_FRAMES = 64;

export function runFrames(x: RealArray, geometry: FrameGeometry, sink: BinSink): void {
  const { nfft, hop, nFrames, firstSample } = geometry;
  const nFreq = (nfft >>> 1) + 1;
  const stride = 2 * nFreq;
  const fft = isPowerOfTwo(nfft) && nfft >= 4 ? new FFT(nfft) : null;
  const plan = fft ? null : planFft(nfft);
  // interleaved complex frame pair; the zero padding outside the window's support is never written
  const pair = new Float64Array(2 * nfft);
  const spectrum = new Float64Array(2 * nfft);
  const block = new Float64Array(BLOCK_FRAMES * stride);
  for (let blockStart = 0; blockStart < nFrames; blockStart += BLOCK_FRAMES) {
    const count = Math.min(BLOCK_FRAMES, nFrames - blockStart);
    for (let b = 0; b < count; b += 2) {
      const hasSecond = b + 1 < count;
      windowFrame(x, geometry, firstSample + (blockStart + b) * hop, pair, 0);
      if (hasSecond) windowFrame(x, geometry, firstSample + (blockStart + b + 1) * hop, pair, 1);
      else clearImaginary(pair, geometry);
      if (fft) fft.transform(spectrum, pair);
      else plan!.forward(pair, spectrum);
      separatePair(spectrum, nfft, nFreq, block, b * stride, hasSecond);
    }
    sink(block, blockStart, count, nFreq);
  }
}

/** Writes the windowed frame starting at input index `start` into the real (part 0) or imaginary (part 1) lane. */
function windowFrame(x: RealArray, geometry: FrameGeometry, start: number, pair: Float64Array, part: 0 | 1): void {
  const { frameLength, bufferOffset, window } = geometry;
  let j = 2 * bufferOffset + part;
  if (start >= 0 && start + frameLength <= x.length) {
    for (let i = 0; i < frameLength; i++, j += 2) pair[j] = x[start + i]! * window[i]!;
  } else {
    for (let i = 0; i < frameLength; i++, j += 2) pair[j] = paddedSample(x, start + i, geometry.padMode) * window[i]!;
  }
}

function clearImaginary(pair: Float64Array, geometry: FrameGeometry): void {
  const { frameLength, bufferOffset } = geometry;
  for (let i = 0, j = 2 * bufferOffset + 1; i < frameLength; i++, j += 2) pair[j] = 0;
}

/** Splits the transform of (a + i b) into the one-sided spectra of a and b, written at block[offset] and block[offset + 2 nFreq]. */
function separatePair(z: Float64Array, n: number, nFreq: number, block: Float64Array, offset: number, hasSecond: boolean): void {
  const second = offset + 2 * nFreq;
  for (let k = 0; k < nFreq; k++) {
    const m = k === 0 ? 0 : n - k;
    const zr = z[2 * k]!;
    const zi = z[2 * k + 1]!;
    const yr = z[2 * m]!;
    const yi = -z[2 * m + 1]!;
    block[offset + 2 * k] = 0.5 * (zr + yr);
    block[offset + 2 * k + 1] = 0.5 * (zi + yi);
    if (hasSecond) {
      block[second + 2 * k] = 0.5 * (zi - yi);
      block[second + 2 * k + 1] = -0.5 * (zr - yr);
    }
  }
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
