import type { RealArray } from './types';
import { expectMinLength, expectOneOf, expectPositiveInteger, expectShape } from './internal/validate';

export interface StackChannelsOptions {
  readonly nFreq: number;
  readonly nTime: number;
  /**
   * 'CHW' (default): out[c][f][t] = components[c][f * nTime + t] (channels first, PyTorch-style, 3 x F x T).
   * 'HWC': out[f][t][c] (channels last, F x T x 3), the layout the tfjs model takes as NHWC input with
   * H = frequency (row 0 = lowest bin), W = time (column 0 = earliest frame), C = component.
   */
  readonly layout?: 'CHW' | 'HWC';
}

/**
 * Stacks per-component spectrograms (each row-major nFreq x nTime, same shape) into one multi-channel
 * tensor. Channel order is the order of `components` (by convention Z, N, E / Z, 1, 2).
 */
export function stackChannels(components: readonly RealArray[], options: StackChannelsOptions): Float32Array {
  const { nFreq, nTime, layout = 'CHW' } = options;
  expectPositiveInteger('nFreq', nFreq);
  expectPositiveInteger('nTime', nTime);
  expectOneOf('layout', layout, ['CHW', 'HWC']);
  expectMinLength('components', components.map(() => 0), 1);
  const plane = nFreq * nTime;
  components.forEach((c, i) => expectShape(`components[${i}]`, c, plane, `${nFreq} x ${nTime}`));
  const channels = components.length;
  const out = new Float32Array(channels * plane);
  if (layout === 'CHW') {
    components.forEach((c, i) => out.set(c, i * plane));
    return out;
  }
  components.forEach((c, ch) => {
    for (let p = 0; p < plane; p++) out[p * channels + ch] = c[p]!;
  });
  return out;
}
