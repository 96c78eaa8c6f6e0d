import { FramePairs } from './internal/stft-engine';
import { stftGeometry, type StftAxes, type StftOptions } from './internal/stft-geometry';
import type { RealArray } from './types';
import { expectOneOf, expectPositiveFinite } from './internal/validate';

export interface SpectrogramOptions extends StftOptions {
  /** 'magnitude' |X|, 'power' |X|^2, or 'db' 10 log10(max(|X|^2, amin)). Default 'power'. */
  readonly output?: 'magnitude' | 'power' | 'db';
  /** dB floor on the power (librosa.power_to_db amin). Default 1e-10. */
  readonly amin?: number;
  /** If set, dB values are clipped to max(dB) - topDb (librosa.power_to_db top_db). Default none. */
  readonly topDb?: number;
}

export interface Spectrogram extends StftAxes {
  /** Row-major (nFreq x nFrames) float32 values: data[k * nFrames + t]. */
  readonly data: Float32Array;
}

/**
 * |STFT| in one fused pass (no complex intermediate): the same frames, windows and scaling as
 * `stft` (so convention 'scipy' equals np.abs(scipy.signal.stft(...)[2]) ** p, 'librosa' equals
 * np.abs(librosa.stft(...)) ** p), reduced per bin to magnitude, power or dB on the fly.
 * dB = 10 log10(max(power, amin)) with ref = 1, as librosa.power_to_db(S, ref=1, amin, top_db).
 * Output is float32 (what the model consumes); accumulation is float64.
 */
export function spectrogram(x: RealArray, options: SpectrogramOptions = {}): Spectrogram {
  const { output = 'power', amin = 1e-10, topDb } = options;
  expectOneOf('output', output, ['magnitude', 'power', 'db']);
  expectPositiveFinite('amin', amin);
  if (topDb !== undefined) expectPositiveFinite('topDb', topDb);
  const { geometry, axes } = stftGeometry(x.length, options);
  const { nFreq, nFrames } = axes;
  const data = new Float32Array(nFreq * nFrames);
  const pairs = new FramePairs(x, geometry);
  if (output === 'power') writePower(pairs, geometry.nfft, nFreq, nFrames, data);
  else if (output === 'magnitude') writeMagnitude(pairs, geometry.nfft, nFreq, nFrames, data);
  else writeDb(pairs, geometry.nfft, nFreq, nFrames, amin, data);
  if (output === 'db' && topDb !== undefined) {
    let max = -Infinity;
    for (let i = 0; i < data.length; i++) if (data[i]! > max) max = data[i]!;
    const floor = max - topDb;
    for (let i = 0; i < data.length; i++) if (data[i]! < floor) data[i] = floor;
  }
  return { ...axes, data };
}

// One frame loop per output kind so the per-bin work has no branches. For the pair (t, t + 1):
// |X_a[k]|^2 = |Z[k] + conj Z[n-k]|^2 and |X_b[k]|^2 = |Z[k] - conj Z[n-k]|^2 (see stft-engine.ts),
// written straight into rows k at columns t and t + 1.

function writePower(pairs: FramePairs, n: number, nFreq: number, nFrames: number, data: Float32Array): void {
  for (let t = 0; t < nFrames; t += 2) {
    const z = pairs.transform(t);
    const hasSecond = t + 1 < nFrames;
    for (let k = 0, at = t; k < nFreq; k++, at += nFrames) {
      const m = k === 0 ? 0 : n - k;
      const zr = z[2 * k]!, zi = z[2 * k + 1]!, wr = z[2 * m]!, wi = z[2 * m + 1]!;
      data[at] = (zr + wr) * (zr + wr) + (zi - wi) * (zi - wi);
      if (hasSecond) data[at + 1] = (zi + wi) * (zi + wi) + (wr - zr) * (wr - zr);
    }
  }
}

function writeMagnitude(pairs: FramePairs, n: number, nFreq: number, nFrames: number, data: Float32Array): void {
  for (let t = 0; t < nFrames; t += 2) {
    const z = pairs.transform(t);
    const hasSecond = t + 1 < nFrames;
    for (let k = 0, at = t; k < nFreq; k++, at += nFrames) {
      const m = k === 0 ? 0 : n - k;
      const zr = z[2 * k]!, zi = z[2 * k + 1]!, wr = z[2 * m]!, wi = z[2 * m + 1]!;
      data[at] = Math.sqrt((zr + wr) * (zr + wr) + (zi - wi) * (zi - wi));
      if (hasSecond) data[at + 1] = Math.sqrt((zi + wi) * (zi + wi) + (wr - zr) * (wr - zr));
    }
  }
}

function writeDb(pairs: FramePairs, n: number, nFreq: number, nFrames: number, amin: number, data: Float32Array): void {
  const dbScale = 10 / Math.LN10;
  for (let t = 0; t < nFrames; t += 2) {
    const z = pairs.transform(t);
    const hasSecond = t + 1 < nFrames;
    for (let k = 0, at = t; k < nFreq; k++, at += nFrames) {
      const m = k === 0 ? 0 : n - k;
      const zr = z[2 * k]!, zi = z[2 * k + 1]!, wr = z[2 * m]!, wi = z[2 * m + 1]!;
      const powerA = (zr + wr) * (zr + wr) + (zi - wi) * (zi - wi);
      data[at] = dbScale * Math.log(powerA > amin ? powerA : amin);
      if (hasSecond) {
        const powerB = (zi + wi) * (zi + wi) + (wr - zr) * (wr - zr);
        data[at + 1] = dbScale * Math.log(powerB > amin ? powerB : amin);
      }
    }
  }
}
