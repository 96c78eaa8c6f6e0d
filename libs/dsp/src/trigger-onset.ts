import { expectFinite, expectPositiveFinite } from './internal/validate';

/** One trigger: `on` is the first sample >= the on-threshold, `off` the LAST sample >= the off-threshold (inclusive). */
export interface TriggerOnOff {
  readonly on: number;
  readonly off: number;
}

export interface TriggerOnsetOptions {
  /** Characteristic-function value that switches a trigger on (c >= on, obspy >= 1.5). */
  readonly on: number;
  /** The trigger stays on while c >= off; it switches off when c drops below. */
  readonly off: number;
  /** Longest trigger in samples (obspy max_len, default unlimited). */
  readonly maxLength?: number;
  /** Drop triggers longer than maxLength instead of cutting them (obspy max_len_delete). */
  readonly maxLengthDelete?: boolean;
}

/**
 * obspy.signal.trigger.trigger_onset(charfct, thres1=on, thres2=off, max_len, max_len_delete) as of
 * obspy 1.5, ported statement for statement: on-times are starts of runs where c >= on, off-times
 * are ends of runs where c >= off, then each on is paired with the first off at or after it; an event
 * still on at the end ends at the last sample >= off (or is dropped with maxLengthDelete).
 * (obspy < 1.5 used strict > comparisons; the fixtures pin obspy 1.5.0.)
 */
export function triggerOnset(charfct: ArrayLike<number>, options: TriggerOnsetOptions): TriggerOnOff[] {
  const { on: thresholdOn, off: thresholdOff, maxLength = 9e99, maxLengthDelete = false } = options;
  expectFinite('on', thresholdOn);
  expectFinite('off', thresholdOff);
  expectPositiveFinite('maxLength', maxLength);
  const above1: number[] = [];
  const above2: number[] = [];
  for (let i = 0; i < charfct.length; i++) {
    const value = charfct[i]!;
    if (value >= thresholdOn) above1.push(i);
    if (value >= thresholdOff) above2.push(i);
  }
  if (above1.length === 0) return [];
  const ons: number[] = [above1[0]!];
  const offs: number[] = [-1];
  for (let j = 0; j < above2.length; j++) {
    if (j === above2.length - 1 || above2[j + 1]! - above2[j]! > 1) offs.push(above2[j]!);
  }
  for (let j = 1; j < above1.length; j++) if (above1[j]! - above1[j - 1]! > 1) ons.push(above1[j]!);
  if (maxLengthDelete) {
    offs.push(1e99);
    ons.push(ons[ons.length - 1]!);
  } else {
    offs.push(above2[above2.length - 1] ?? -1);
  }
  // obspy >= 1.5: a trigger still on at the end of the data is switched off at N
  offs.push(charfct.length);
  // deques as arrays with head pointers; offs may get one value pushed at its head (appendleft)
  let onHead = 0;
  let offHead = 0;
  const picks: TriggerOnOff[] = [];
  while (ons[ons.length - 1]! > offs[offHead]!) {
    while (onHead < ons.length && ons[onHead]! <= offs[offHead]!) onHead++;
    while (offHead < offs.length && offs[offHead]! < ons[onHead]!) offHead++;
    if (onHead >= ons.length || offHead >= offs.length) break; // obspy would raise on an empty deque
    if (offs[offHead]! - ons[onHead]! > maxLength) {
      if (maxLengthDelete) {
        onHead++;
        continue;
      }
      offHead--;
      offs[offHead] = ons[onHead]! + maxLength;
    }
    picks.push({ on: ons[onHead]!, off: offs[offHead]! });
  }
  return picks;
}
