import { medianAbsoluteDeviation } from './median-absolute-deviation';
import { triggerWindows, type TriggerWindowOptions } from './trigger-windows';
import type { RealArray, SampleRange } from './types';
import { expectPositiveFinite } from './internal/validate';

export interface MadTriggerOptions extends Omit<TriggerWindowOptions, 'on' | 'off'> {
  /** N in "envelope above N x MAD" (on-threshold). Default 12 (the slope-hazard study's value). */
  readonly multiplier?: number;
  /** Off-threshold multiplier (hysteresis). Default = multiplier. */
  readonly offMultiplier?: number;
}

export interface MadTriggerResult {
  readonly windows: SampleRange[];
  readonly median: number;
  /** Unscaled MAD of the envelope (see medianAbsoluteDeviation). */
  readonly mad: number;
  /** Envelope value that switches a trigger on: median + multiplier * mad. */
  readonly onLevel: number;
  readonly offLevel: number;
}

/**
 * Envelope-MAD event detector. Given an envelope e (e.g. `envelope(bandpassed)`), over the whole
 * array passed in:
 *   median = median(e), MAD = median(|e - median|) (unscaled, no 1.4826),
 *   on  when e[i] >= median + multiplier    * MAD,
 *   off after the last e[i] >= median + offMultiplier * MAD (trigger_onset semantics),
 * i.e. triggerWindows on the robust z-score (e - median) / MAD with thresholds multiplier /
 * offMultiplier, with the same padding and minimum-gap merging. The threshold is relative to the
 * median (background level), not to zero. When MAD = 0 (e.g. a zero-filled gap) there is no scale to compare against and no window is returned.
 */
export function madTrigger(envelopeValues: RealArray, options: MadTriggerOptions = {}): MadTriggerResult {
  const { multiplier = 12, offMultiplier = multiplier, ...windowOptions } = options;
  expectPositiveFinite('multiplier', multiplier);
  expectPositiveFinite('offMultiplier', offMultiplier);
  const { median, mad } = medianAbsoluteDeviation(envelopeValues);
  const onLevel = median + multiplier * mad;
  const offLevel = median + offMultiplier * mad;
  const windows = mad > 0 ? triggerWindows(envelopeValues, { ...windowOptions, on: onLevel, off: offLevel }) : [];
  return { windows, median, mad, onLevel, offLevel };
}
