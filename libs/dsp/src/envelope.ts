import { analyticSignal } from './analytic-signal';
import type { RealArray } from './types';

/** Amplitude envelope |x + i H{x}| = np.abs(scipy.signal.hilbert(x)) (see analyticSignal). */
export function envelope(x: RealArray): Float64Array {
  const z = analyticSignal(x);
  const out = new Float64Array(x.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.hypot(z[2 * i]!, z[2 * i + 1]!);
  return out;
}
