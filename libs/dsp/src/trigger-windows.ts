import { triggerOnset, type TriggerOnsetOptions } from './trigger-onset';
import type { SampleRange } from './types';
import { expectNonNegativeInteger } from './internal/validate';

export interface TriggerWindowOptions extends TriggerOnsetOptions {
  /** Samples added before each onset (pre-event padding). Default 0. */
  readonly preSamples?: number;
  /** Samples added after each trigger-off (post-event padding). Default 0. */
  readonly postSamples?: number;
  /**
   * Events whose padded windows are separated by fewer than this many samples are merged into one
   * (0 merges only overlapping or touching windows). Default 0.
   */
  readonly minGapSamples?: number;
}

/**
 * Event windows from a characteristic function: triggerOnset picks (on, off inclusive), padded to
 * [on - preSamples, off + 1 + postSamples), clipped to [0, N), sorted, then merged while the gap
 * between consecutive windows (next.start - previous.end) is < minGapSamples or the windows overlap.
 * @returns half-open sample ranges [start, end).
 */
export function triggerWindows(charfct: ArrayLike<number>, options: TriggerWindowOptions): SampleRange[] {
  const { preSamples = 0, postSamples = 0, minGapSamples = 0 } = options;
  expectNonNegativeInteger('preSamples', preSamples);
  expectNonNegativeInteger('postSamples', postSamples);
  expectNonNegativeInteger('minGapSamples', minGapSamples);
  const n = charfct.length;
  const padded = triggerOnset(charfct, options)
    .map(({ on, off }) => ({ start: Math.max(0, on - preSamples), end: Math.min(n, off + 1 + postSamples) }))
    .sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const window of padded) {
    const last = merged[merged.length - 1];
    if (last && window.start - last.end < minGapSamples) last.end = Math.max(last.end, window.end);
    else if (last && window.start <= last.end) last.end = Math.max(last.end, window.end);
    else merged.push({ ...window });
  }
  return merged;
}
