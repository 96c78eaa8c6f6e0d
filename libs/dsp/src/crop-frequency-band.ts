import type { Spectrogram } from './spectrogram';
import { expectFinite } from './internal/validate';

export interface FrequencyBand {
  /** Lowest frequency kept (Hz, inclusive). */
  readonly minHz: number;
  /** Highest frequency kept (Hz, inclusive). */
  readonly maxHz: number;
}

/**
 * Keeps the rows whose bin frequency f_k satisfies minHz <= f_k <= maxHz (numpy: S[(f >= lo) & (f <= hi)]).
 * Rows stay in ascending frequency order; times are unchanged.
 */
export function cropFrequencyBand(spec: Spectrogram, band: FrequencyBand): Spectrogram {
  const { minHz, maxHz } = band;
  expectFinite('minHz', minHz);
  expectFinite('maxHz', maxHz);
  if (maxHz < minHz) throw new RangeError(`maxHz: expected a value >= minHz (${minHz}), got ${maxHz}`);
  const rows: number[] = [];
  spec.frequencies.forEach((f, k) => {
    if (f >= minHz && f <= maxHz) rows.push(k);
  });
  if (rows.length === 0) throw new RangeError(`band: no frequency bin lies in [${minHz}, ${maxHz}] Hz`);
  const { nFrames } = spec;
  const data = new Float32Array(rows.length * nFrames);
  rows.forEach((k, r) => data.set(spec.data.subarray(k * nFrames, (k + 1) * nFrames), r * nFrames));
  return { ...spec, nFreq: rows.length, frequencies: Float64Array.from(rows, (k) => spec.frequencies[k]!), data };
}
