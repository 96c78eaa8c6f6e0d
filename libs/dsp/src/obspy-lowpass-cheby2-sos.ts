import { bilinearTransform, chebyshev2Prototype, lowpassTransform, prewarp } from './internal/zpk';
import { type SosMatrix, zpkToSos } from './internal/zpk-to-sos';
import { expectPositiveFinite, expectPositiveInteger } from './internal/validate';

export interface ObspyCheby2Design {
  readonly sos: SosMatrix;
  /** Chebyshev II order chosen by the search. */
  readonly order: number;
  /** Passband edge (Hz) where attenuation reaches 1 dB (obspy's `freq_passband`). */
  readonly passbandHz: number;
}

/**
 * The anti-alias filter of obspy (`obspy.signal.filter.lowpass_cheby_2`, used by Trace.decimate and
 * Trace.resample(no_filter=False)): a Chebyshev type II lowpass with 96 dB stopband attenuation
 * starting at `freq`, 1 dB passband ripple, whose passband edge wp starts at ws = freq / nyquist and
 * shrinks by 1 % per step (wp *= 0.99) until scipy.signal.cheb2ord(wp, ws, 1, 96) gives an order
 * <= maxOrder. The filter is then `cheby2(order, 96, wn, output='sos')`.
 */
export function designObspyLowpassCheby2Sos(freq: number, samplingRate: number, maxOrder = 12): ObspyCheby2Design {
  expectPositiveFinite('freq', freq);
  expectPositiveFinite('samplingRate', samplingRate);
  expectPositiveInteger('maxOrder', maxOrder);
  const nyquist = samplingRate / 2;
  const rp = 1;
  const rs = 96;
  const ws = Math.min(freq / nyquist, 1);
  let wp = freq / nyquist;
  let order = Infinity;
  let wn = 0;
  while (order > maxOrder) {
    wp *= 0.99;
    ({ order, wn } = cheb2ordLowpass(wp, ws, rp, rs));
  }
  const zpk = bilinearTransform(lowpassTransform(chebyshev2Prototype(order, rs), prewarp(wn)));
  return { sos: zpkToSos(zpk), order, passbandHz: wp * nyquist };
}

/** scipy.signal.cheb2ord for a digital lowpass (wp < ws, both normalised to Nyquist). */
function cheb2ordLowpass(wp: number, ws: number, gpass: number, gstop: number): { order: number; wn: number } {
  const passb = Math.tan((Math.PI * wp) / 2);
  const stopb = Math.tan((Math.PI * ws) / 2);
  const nat = stopb / passb;
  const GSTOP = 10 ** (0.1 * Math.abs(gstop));
  const GPASS = 10 ** (0.1 * Math.abs(gpass));
  const vPassStop = Math.acosh(Math.sqrt((GSTOP - 1) / (GPASS - 1)));
  const order = Math.ceil(vPassStop / Math.acosh(nat));
  const newFreq = 1 / Math.cosh(vPassStop / order);
  const natural = passb / newFreq;
  return { order, wn: (2 / Math.PI) * Math.atan(natural) };
}
