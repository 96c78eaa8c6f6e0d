import type { RealArray } from './types';
import { expectInRange, expectMinLength, expectOneOf, expectPositiveFinite } from './internal/validate';

export interface CosineTaperOptions {
  /** Fraction of the trace tapered on EACH side (obspy `max_percentage`, 0..0.5). */
  readonly maxPercentage: number;
  /** Optional cap on each side's taper length in seconds (obspy `max_length`; needs samplingRate). */
  readonly maxLength?: number;
  readonly samplingRate?: number;
  readonly side?: 'both' | 'left' | 'right';
}

/**
 * obspy `Trace.taper(max_percentage, type='cosine', max_length, side)`, multiplying x by
 *   wlen = min(floor(maxPercentage N), floor(maxLength fs), floor(N / 2))
 *   w = obspy.signal.invsim.cosine_taper(L, p=1.0) with L = 2 wlen (if 2 wlen = N) else 2 wlen + 1,
 * whose rising half is w[i] = 0.5 (1 - cos(pi i / (frac - 1))) for i < frac = floor(L / 2), then
 * ones in the middle; the first wlen and last wlen values of w form the two sides.
 * Returns float64; obspy multiplies in place and keeps float32 data as float32 (differences ~1e-7).
 */
export function cosineTaper(x: RealArray, options: CosineTaperOptions): Float64Array {
  const { maxPercentage, maxLength, samplingRate, side = 'both' } = options;
  expectMinLength('x', x, 1);
  expectInRange('maxPercentage', maxPercentage, 0, 0.5);
  expectOneOf('side', side, ['both', 'left', 'right']);
  const n = x.length;
  const halfLengths = [Math.floor(maxPercentage * n), Math.floor(n / 2)];
  if (maxLength !== undefined) {
    expectPositiveFinite('maxLength', maxLength);
    if (samplingRate === undefined) throw new RangeError('samplingRate: expected a sampling rate when maxLength is given');
    expectPositiveFinite('samplingRate', samplingRate);
    halfLengths.push(Math.floor(maxLength * samplingRate));
  }
  const wlen = Math.min(...halfLengths);
  const sides = obspyCosineTaperWindow(2 * wlen === n ? 2 * wlen : 2 * wlen + 1);
  const y = Float64Array.from(x);
  for (let i = 0; i < wlen; i++) {
    if (side !== 'right') y[i] = y[i]! * sides[i]!;
    if (side !== 'left') y[n - wlen + i] = y[n - wlen + i]! * sides[sides.length - wlen + i]!;
  }
  return y;
}

/** obspy.signal.invsim.cosine_taper(npts, p=1.0) (halfcosine=True, no frequency limits). */
function obspyCosineTaperWindow(npts: number): Float64Array {
  const frac = Math.floor(npts / 2);
  const idx1 = 0;
  let idx2 = frac - 1;
  let idx3 = npts - frac;
  const idx4 = npts - 1;
  if (idx1 === idx2) idx2 += 1;
  if (idx3 === idx4) idx3 -= 1;
  const w = new Float64Array(npts);
  for (let i = idx1; i <= idx2 && i < npts; i++) w[i] = 0.5 * (1 - Math.cos((Math.PI * (i - idx1)) / (idx2 - idx1)));
  for (let i = idx2 + 1; i < idx3; i++) w[i] = 1;
  for (let i = Math.max(idx3, 0); i <= idx4; i++) w[i] = 0.5 * (1 + Math.cos((Math.PI * (idx3 - i)) / (idx4 - idx3)));
  if (idx1 === idx2) w[idx1] = 0;
  if (idx3 === idx4) w[idx3] = 0;
  return w;
}
