import { expectOneOf, expectPositiveInteger } from './internal/validate';

export type WindowType = 'hann' | 'hamming' | 'blackman' | 'boxcar';

export interface GetWindowOptions {
  /**
   * false (default) = PERIODIC ("DFT-even") window, scipy.signal.get_window's default (fftbins=True)
   * and what librosa.stft and scipy.signal.stft use: the symmetric window of length M+1 with its
   * last sample dropped, e.g. hann w[n] = 0.5 - 0.5 cos(2 pi n / M).
   * true = SYMMETRIC window (scipy.signal.windows.hann(M, sym=True)): w[n] = 0.5 - 0.5 cos(2 pi n / (M - 1)).
   */
  readonly symmetric?: boolean;
}

const COSINE_TERMS: Record<Exclude<WindowType, 'boxcar'>, readonly number[]> = {
  hann: [0.5, 0.5],
  hamming: [0.54, 0.46],
  blackman: [0.42, 0.5, 0.08],
};

/**
 * Window of length M as scipy.signal.get_window(type, M, fftbins=!symmetric): generalised cosine
 * w[n] = sum_k (-1)^k a_k cos(2 pi k n / D), D = M (periodic) or M - 1 (symmetric); M = 1 gives [1].
 */
export function getWindow(type: WindowType, length: number, options: GetWindowOptions = {}): Float64Array {
  const { symmetric = false } = options;
  expectOneOf('type', type, ['hann', 'hamming', 'blackman', 'boxcar']);
  expectPositiveInteger('length', length);
  const w = new Float64Array(length);
  if (type === 'boxcar' || length === 1) return w.fill(1);
  const terms = COSINE_TERMS[type];
  const denominator = symmetric ? length - 1 : length;
  for (let n = 0; n < length; n++) {
    let value = 0;
    for (let k = 0; k < terms.length; k++) {
      value += (k % 2 === 0 ? 1 : -1) * terms[k]! * Math.cos((2 * Math.PI * k * n) / denominator);
    }
    w[n] = value;
  }
  return w;
}
