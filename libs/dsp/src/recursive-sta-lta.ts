import type { RealArray } from './types';
import { expectMinLength, expectPositiveInteger } from './internal/validate';

/**
 * Recursive STA/LTA, obspy.signal.trigger.recursive_sta_lta(a, nsta, nlta) (Withers et al. 1998):
 *   sta_i = a_i^2 / nsta + (1 - 1/nsta) sta_{i-1},  lta_i = a_i^2 / nlta + (1 - 1/nlta) lta_{i-1},
 *   sta_0 = 0, lta_0 = 1e-99, c[i] = sta_i / lta_i for i >= 1, and c[0..nlta-1] = 0 (warm-up).
 */
export function recursiveStaLta(a: RealArray, nsta: number, nlta: number): Float64Array {
  expectPositiveInteger('nsta', nsta);
  expectPositiveInteger('nlta', nlta);
  expectMinLength('a', a, 1);
  const n = a.length;
  const c = new Float64Array(n);
  const csta = 1 / nsta;
  const clta = 1 / nlta;
  let sta = 0;
  let lta = 1e-99;
  for (let i = 1; i < n; i++) {
    const power = a[i]! * a[i]!;
    sta = csta * power + (1 - csta) * sta;
    lta = clta * power + (1 - clta) * lta;
    c[i] = sta / lta;
  }
  c.fill(0, 0, Math.min(nlta, n));
  return c;
}
