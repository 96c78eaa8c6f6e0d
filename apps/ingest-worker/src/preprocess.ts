import type { Preprocess } from '@seisdec/contracts';
import { butterworthFilter, cosineTaper, demean, obspyResample } from '@seisdec/dsp';

/**
 * ObsPy-style trace preparation of one continuous segment, in obspy's usual order:
 * demean -> cosine taper (`taper` fraction at each end) -> Butterworth band-pass (`corners`,
 * zero-phase = forward-backward as obspy, so the bandpass is effectively of order 2 x corners)
 * -> optional FFT resample to `targetRate` (obspy `Trace.resample`). When downsampling, obspy's
 * Chebyshev II anti-alias low-pass runs first unless the band-pass already ends below the new
 * Nyquist. Computed in float64.
 */
export function preprocessSegment(samples: ArrayLike<number>, sampleRate: number, settings: Preprocess): { data: Float64Array; sampleRate: number } {
  let x: Float64Array = Float64Array.from(samples);
  if (settings.demean) x = demean(x);
  if (settings.taper > 0) x = cosineTaper(x, { maxPercentage: settings.taper });
  if (settings.bandpass) {
    const [freqmin, freqmax] = settings.bandpass;
    x = butterworthFilter(x, { type: 'bandpass', freqmin, freqmax }, { samplingRate: sampleRate, corners: settings.corners, zerophase: settings.zerophase });
  }
  const target = settings.targetRate;
  if (target === undefined || Math.abs(target - sampleRate) < 1e-9 * sampleRate) return { data: x, sampleRate };
  const bandLimited = settings.bandpass !== undefined && settings.bandpass[1] <= target / 2;
  const noFilter = target > sampleRate || bandLimited;
  return { data: obspyResample(x, { samplingRate: sampleRate, targetRate: target, noFilter }), sampleRate: target };
}
