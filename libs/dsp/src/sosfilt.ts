import type { SosMatrix } from './internal/zpk-to-sos';
import type { RealArray } from './types';

/**
 * Causal IIR filtering by a cascade of biquads, like `scipy.signal.sosfilt(sos, x)` with zero
 * initial state. Each section runs in transposed direct form II (scipy's form):
 *   y[n] = b0 x[n] + s1;  s1 = b1 x[n] - a1 y[n] + s2;  s2 = b2 x[n] - a2 y[n]
 * Computed in float64 whatever the input type (scipy promotes to the sos dtype, float64).
 * Sections must be normalised (a0 = 1), as every design in this library is.
 */
export function sosfilt(sos: SosMatrix, x: RealArray): Float64Array {
  if (sos.length === 0 || sos.length % 6 !== 0) {
    throw new RangeError(`sos: expected a non-empty n_sections x 6 matrix, got ${sos.length} values`);
  }
  for (let s = 0; s < sos.length; s += 6) {
    if (sos[s + 3] !== 1) throw new RangeError(`sos: expected a0 = 1 in every section, got ${String(sos[s + 3])} in section ${s / 6}`);
  }
  const y = Float64Array.from(x);
  for (let s = 0; s < sos.length; s += 6) filterSectionInPlace(y, sos, s);
  return y;
}

/** Runs one biquad over `y` in place (all sections see the previous section's full output). */
function filterSectionInPlace(y: Float64Array, sos: SosMatrix, offset: number): void {
  const b0 = sos[offset]!, b1 = sos[offset + 1]!, b2 = sos[offset + 2]!;
  const a1 = sos[offset + 4]!, a2 = sos[offset + 5]!;
  let s1 = 0;
  let s2 = 0;
  const n = y.length;
  for (let i = 0; i < n; i++) {
    const xi = y[i]!;
    const yi = b0 * xi + s1;
    s1 = b1 * xi - a1 * yi + s2;
    s2 = b2 * xi - a2 * yi;
    y[i] = yi;
  }
}
