import { sosfilt } from './sosfilt';
import type { SosMatrix } from './internal/zpk-to-sos';
import type { RealArray } from './types';

/**
 * Zero-phase filtering exactly as obspy's `filter(..., zerophase=True)` (obspy.signal.filter._filter):
 *   y = flip(sosfilt(sos, flip(sosfilt(sos, x))))
 * i.e. one causal pass forward, one backward, zero initial state, NO edge padding. This is not
 * scipy.signal.sosfiltfilt (which pads with an odd extension and sets steady-state initial
 * conditions); the edges differ, which is why seismologists taper first. The magnitude response is
 * |H|^2, so the effective order doubles.
 */
export function sosfiltZeroPhase(sos: SosMatrix, x: RealArray): Float64Array {
  const forward = sosfilt(sos, x);
  forward.reverse();
  const backward = sosfilt(sos, forward);
  return backward.reverse();
}
