// Real-input transforms on top of planFft, numpy.fft.rfft / irfft conventions:
// rfft returns bins 0..floor(n/2) interleaved [re, im, ...]; irfft ignores the imaginary parts of
// the DC and (for even n) Nyquist bins and includes the 1/n normalisation.
// Even lengths use the half-length packing trick (x[2j] + i x[2j+1] through an n/2 complex FFT),
// which halves time and memory for the day-long transforms of resample and envelope.
import FFT from 'fft.js';
import type { RealArray } from '../types';
import { isPowerOfTwo, planFft } from './fft-plan';

export function rfft(x: RealArray, n: number = x.length): Float64Array {
  const bins = Math.floor(n / 2) + 1;
  const out = new Float64Array(2 * bins);
  if (isPowerOfTwo(n) && n >= 4) {
    const fft = new FFT(n);
    const input = new Float64Array(n);
    input.set(x.length > n ? x.subarray(0, n) : x);
    const full = new Float64Array(2 * n);
    fft.realTransform(full, input);
    out.set(full.subarray(0, 2 * bins));
    return out;
  }
  if (n % 2 === 0 && n >= 4) return rfftEven(x, n, out);
  const complex = new Float64Array(2 * n);
  const limit = Math.min(n, x.length);
  for (let i = 0; i < limit; i++) complex[2 * i] = x[i]!;
  const spectrum = new Float64Array(2 * n);
  planFft(n).forward(complex, spectrum);
  out.set(spectrum.subarray(0, 2 * bins));
  return out;
}

function rfftEven(x: RealArray, n: number, out: Float64Array): Float64Array {
  const half = n / 2;
  const packed = new Float64Array(n);
  packed.set(x.length > n ? x.subarray(0, n) : x);
  const z = new Float64Array(n);
  planFft(half).forward(packed, z);
  for (let k = 0; k <= half; k++) {
    const kk = k % half;
    const mk = (half - k) % half;
    const zr = z[2 * kk]!, zi = z[2 * kk + 1]!;
    const cr = z[2 * mk]!, ci = -z[2 * mk + 1]!;
    const er = 0.5 * (zr + cr), ei = 0.5 * (zi + ci);
    // odd part: (Z_k - conj(Z_{h-k})) / (2i)
    const dr = 0.5 * (zi - ci), di = -0.5 * (zr - cr);
    const angle = (-Math.PI * k) / half;
    const wr = Math.cos(angle), wi = Math.sin(angle);
    out[2 * k] = er + dr * wr - di * wi;
    out[2 * k + 1] = ei + dr * wi + di * wr;
  }
  return out;
}

/** Inverse of rfft for an output length n (spectrum must hold floor(n/2)+1 bins). */
export function irfft(spectrum: Float64Array, n: number): Float64Array {
  const bins = Math.floor(n / 2) + 1;
  if (n % 2 === 0 && n >= 4) return irfftEven(spectrum, n);
  const full = new Float64Array(2 * n);
  for (let k = 0; k < bins; k++) {
    full[2 * k] = spectrum[2 * k]!;
    full[2 * k + 1] = k === 0 ? 0 : spectrum[2 * k + 1]!;
  }
  for (let k = bins; k < n; k++) {
    full[2 * k] = full[2 * (n - k)]!;
    full[2 * k + 1] = -full[2 * (n - k) + 1]!;
  }
  const time = new Float64Array(2 * n);
  planFft(n).inverse(full, time);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = time[2 * i]!;
  return out;
}

function irfftEven(spectrum: Float64Array, n: number): Float64Array {
  const half = n / 2;
  const z = new Float64Array(n);
  for (let k = 0; k < half; k++) {
    // Rebuild Z_k = E_k + i W^-k O_k from X_k and conj(X_{h-k}); DC and Nyquist imag ignored.
    const xr = spectrum[2 * k]!, xi = k === 0 ? 0 : spectrum[2 * k + 1]!;
    const yr = spectrum[2 * (half - k)]!, yi = half - k === half ? 0 : -spectrum[2 * (half - k) + 1]!;
    const er = 0.5 * (xr + yr), ei = 0.5 * (xi + yi);
    const or = 0.5 * (xr - yr), oi = 0.5 * (xi - yi);
    const angle = (Math.PI * k) / half;
    const wr = Math.cos(angle), wi = Math.sin(angle);
    const tr = or * wr - oi * wi, ti = or * wi + oi * wr;
    z[2 * k] = er - ti;
    z[2 * k + 1] = ei + tr;
  }
  const out = new Float64Array(n);
  planFft(half).inverse(z, out);
  return out;
}
