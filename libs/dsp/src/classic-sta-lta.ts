import type { RealArray } from './types';
import { expectMinLength, expectPositiveInteger } from './internal/validate';

/** numpy.finfo(float).tiny: obspy's floor for the LTA. */
const SMALLEST_NORMAL_DOUBLE = 2.2250738585072014e-308;

/**
 * Classic STA/LTA characteristic function, obspy.signal.trigger.classic_sta_lta(a, nsta, nlta):
 *   c[i] = (sum_{j=i-nsta+1..i} a_j^2 / nsta) / (sum_{j=i-nlta+1..i} a_j^2 / nlta)  for i >= nlta-1,
 *   c[i] = 0 before (the LTA window is not yet full).
 * Windows are trailing (end at i inclusive). Sums are kept as running sums in float64, with a
 * zero (below tiny) LTA replaced by the smallest normal double, like obspy.
 */
export function classicStaLta(a: RealArray, nsta: number, nlta: number): Float64Array {
  expectPositiveInteger('nsta', nsta);
  expectPositiveInteger('nlta', nlta);
  if (nlta < nsta) throw new RangeError(`nlta: expected nlta >= nsta (${nsta}), got ${nlta}`);
  expectMinLength('a', a, nlta);
  const n = a.length;
  const c = new Float64Array(n);
  let sta = 0;
  let lta = 0;
  for (let i = 0; i < n; i++) {
    const power = a[i]! * a[i]!;
    sta += power;
    lta += power;
    if (i >= nsta) sta -= a[i - nsta]! * a[i - nsta]!;
    if (i >= nlta) lta -= a[i - nlta]! * a[i - nlta]!;
    if (i >= nlta - 1) {
      const longTerm = Math.max(lta / nlta, SMALLEST_NORMAL_DOUBLE);
      c[i] = sta / nsta / longTerm;
    }
  }
  return c;
}
