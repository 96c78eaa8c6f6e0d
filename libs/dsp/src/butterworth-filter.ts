import { designButterworthSos, type FilterBand } from './butterworth-sos';
import { sosfilt } from './sosfilt';
import { sosfiltZeroPhase } from './sosfilt-zero-phase';
import type { RealArray } from './types';

export interface ButterworthFilterOptions {
  readonly samplingRate: number;
  /** obspy's `corners` (filter order). Default 4. */
  readonly corners?: number;
  /** Forward-backward pass (obspy semantics, see sosfiltZeroPhase). Default false. */
  readonly zerophase?: boolean;
}

/**
 * obspy.signal.filter.bandpass / lowpass / highpass (`Trace.filter(type, ...)`) with ftype='butter'.
 * Like obspy, a bandpass whose freqmax is at or above Nyquist (freqmax / nyquist > 1 - 1e-6)
 * silently becomes a highpass at freqmin; a corner above Nyquist otherwise is an error.
 */
export function butterworthFilter(x: RealArray, band: FilterBand, options: ButterworthFilterOptions): Float64Array {
  const { samplingRate, corners = 4, zerophase = false } = options;
  const nyquist = samplingRate / 2;
  const effective: FilterBand =
    band.type === 'bandpass' && band.freqmax / nyquist - 1 > -1e-6 ? { type: 'highpass', freq: band.freqmin } : band;
  const sos = designButterworthSos(effective, { samplingRate, order: corners });
  return zerophase ? sosfiltZeroPhase(sos, x) : sosfilt(sos, x);
}
