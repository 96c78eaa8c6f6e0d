import { planFft } from './internal/fft-plan';
import type { RealArray } from './types';
import { expectMinLength } from './internal/validate';

/**
 * Analytic signal x + i H{x}, as scipy.signal.hilbert(x) (N = len(x), no padding):
 *   X = fft(x); h[0] = 1, h[k] = 2 for 0 < k < N/2, h[N/2] = 1 (N even), 0 above; z = ifft(X h).
 * @returns interleaved complex array [re0, im0, re1, im1, ...] of length 2N (re equals x).
 */
export function analyticSignal(x: RealArray): Float64Array {
  expectMinLength('x', x, 1);
  const n = x.length;
  const complexInput = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) complexInput[2 * i] = x[i]!;
  const spectrum = new Float64Array(2 * n);
  const plan = planFft(n);
  plan.forward(complexInput, spectrum);
  const half = Math.floor(n / 2);
  for (let k = 1; k < n; k++) {
    const gain = n % 2 === 0 ? (k < half ? 2 : k === half ? 1 : 0) : k <= half ? 2 : 0;
    spectrum[2 * k] = spectrum[2 * k]! * gain;
    spectrum[2 * k + 1] = spectrum[2 * k + 1]! * gain;
  }
  plan.inverse(spectrum, complexInput);
  return complexInput;
}
