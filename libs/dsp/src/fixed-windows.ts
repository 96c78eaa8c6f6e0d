import type { SampleRange } from './types';
import { expectInRange, expectNonNegativeInteger, expectPositiveInteger } from './internal/validate';

export interface FixedWindowOptions {
  /** Window length in samples. */
  readonly length: number;
  /** Overlap between consecutive windows as a fraction of `length` in [0, 1). Default 0. Ignored when `hop` is given. */
  readonly overlap?: number;
  /** Step between window starts in samples (default round(length * (1 - overlap))). */
  readonly hop?: number;
  /** Keep a final partial window (shorter than `length`) when the data do not end on a window. Default false. */
  readonly keepPartial?: boolean;
}

/**
 * Cuts continuous data of `totalSamples` into fixed windows (ClusTremor mode: every window the same
 * length, starting at 0, step hop): window w is [w hop, w hop + length). Complete windows only,
 * count = floor((N - length) / hop) + 1 (0 if N < length), unless keepPartial adds the tail.
 * Returns ranges; take the samples with `x.subarray(r.start, r.end)` (no copy).
 */
export function fixedWindows(totalSamples: number, options: FixedWindowOptions): SampleRange[] {
  const { length, overlap = 0, keepPartial = false } = options;
  expectNonNegativeInteger('totalSamples', totalSamples);
  expectPositiveInteger('length', length);
  expectInRange('overlap', overlap, 0, 0.999999);
  const hop = options.hop ?? Math.max(1, Math.round(length * (1 - overlap)));
  expectPositiveInteger('hop', hop);
  const windows: SampleRange[] = [];
  let start = 0;
  for (; start + length <= totalSamples; start += hop) windows.push({ start, end: start + length });
  if (keepPartial && start < totalSamples && (windows.length === 0 || windows[windows.length - 1]!.end < totalSamples)) {
    windows.push({ start, end: totalSamples });
  }
  return windows;
}
