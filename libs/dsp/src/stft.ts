import { FramePairs } from './internal/stft-engine';
import { stftGeometry, type StftAxes, type StftOptions } from './internal/stft-geometry';
import type { RealArray } from './types';
import { expectOneOf } from './internal/validate';

export type { StftOptions, StftAxes } from './internal/stft-geometry';

export interface StftResult<T extends Float32Array | Float64Array = Float64Array> extends StftAxes {
  /** Real parts, row-major (nFreq x nFrames): re[k * nFrames + t]. */
  readonly re: T;
  /** Imaginary parts, same layout. */
  readonly im: T;
}

export interface StftPrecision {
  /**
   * Element type of `re` / `im`: 'float64' (default) or 'float32', which halves the output (scipy
   * returns complex64 for float32 input). The transform is computed in float64 either way.
   */
  readonly precision?: 'float64' | 'float32';
}

/**
 * One-sided short-time Fourier transform X[k, t] = sum_n x[s_t + n] w[n] e^{-2 pi i k n / nfft},
 * k = 0..nfft/2, laid out (freq x time) like both references' output arrays.
 *
 * convention 'scipy' reproduces scipy.signal.stft(x, fs, window, nperseg, noverlap=nperseg-hop,
 * nfft, boundary='zeros'|None, padded, scaling, detrend=False, return_onesided=True):
 *   - nperseg/2 zeros on both sides (boundary='zeros'), then zeros at the end until
 *     (len - nperseg) % hop == 0 (padded=True); frames of nperseg samples, zero-padded AT THE END to nfft;
 *   - scaling 'spectrum' multiplies by 1/sum(w) (scipy's default), 'psd' by 1/sqrt(fs sum w^2);
 *   - times t hop / fs (frame centres, boundary shift removed), frequencies k fs / nfft.
 * convention 'librosa' reproduces librosa.stft(y, n_fft=nfft, hop_length=hop, win_length=nperseg,
 * window, center, pad_mode):
 *   - center=True pads nfft/2 on both sides with zeros ('constant', librosa >= 0.10) or 'reflect';
 *   - frames are nfft long, the nperseg window zero-padded to nfft CENTRED in the frame; no end padding
 *     (n_frames = 1 + (len + 2 (nfft/2) - nfft) / hop); no scaling (raw FFT);
 *   - times t hop / fs (librosa.frames_to_time).
 * Both use the periodic window (scipy get_window default, fftbins=True). Computed in float64 and
 * returned as float64, or float32 with `precision: 'float32'`.
 * Two frames share one complex transform; power-of-two nfft uses the radix-4 PairedFrameFft, other
 * lengths the mixed-radix FFT (see internal/stft-engine.ts).
 */
export function stft(x: RealArray, options?: StftOptions & { readonly precision?: 'float64' }): StftResult<Float64Array>;
export function stft(x: RealArray, options: StftOptions & { readonly precision: 'float32' }): StftResult<Float32Array>;
export function stft(x: RealArray, options: StftOptions & StftPrecision = {}): StftResult<Float32Array> | StftResult<Float64Array> {
  const { precision = 'float64' } = options;
  expectOneOf('precision', precision, ['float64', 'float32']);
  const { geometry, axes } = stftGeometry(x.length, options);
  const { nFreq, nFrames } = axes;
  const re = precision === 'float32' ? new Float32Array(nFreq * nFrames) : new Float64Array(nFreq * nFrames);
  const im = precision === 'float32' ? new Float32Array(nFreq * nFrames) : new Float64Array(nFreq * nFrames);
  const n = geometry.nfft;
  // X_a[k] = Z[k] + conj Z[n-k], X_b[k] = -i (Z[k] - conj Z[n-k]) (see stft-engine.ts), written at column t, t+1
  const pairs = new FramePairs(x, geometry);
  for (let t = 0; t < nFrames; t += 2) {
    const z = pairs.transform(t);
    const hasSecond = t + 1 < nFrames;
    for (let k = 0, at = t; k < nFreq; k++, at += nFrames) {
      const m = k === 0 ? 0 : n - k;
      const zr = z[2 * k]!, zi = z[2 * k + 1]!, wr = z[2 * m]!, wi = z[2 * m + 1]!;
      re[at] = zr + wr;
      im[at] = zi - wi;
      if (hasSecond) {
        re[at + 1] = zi + wi;
        im[at + 1] = wr - zr;
      }
    }
  }
  return precision === 'float32' ? { ...axes, re: re as Float32Array, im: im as Float32Array } : { ...axes, re: re as Float64Array, im: im as Float64Array };
}
