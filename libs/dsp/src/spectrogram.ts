import { runFrames } from './internal/stft-engine';
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
  const dbScale = 10 / Math.LN10;
  runFrames(x, geometry, (block, firstFrame, frameCount) => {
    const stride = 2 * nFreq;
    for (let k = 0; k < nFreq; k++) {
      const row = k * nFrames + firstFrame;
      let src = 2 * k;
      // one loop per output kind so the per-bin work has no branches
      if (output === 'power') {
        for (let b = 0; b < frameCount; b++, src += stride) data[row + b] = block[src]! * block[src]! + block[src + 1]! * block[src + 1]!;
      } else if (output === 'magnitude') {
        for (let b = 0; b < frameCount; b++, src += stride) data[row + b] = Math.sqrt(block[src]! * block[src]! + block[src + 1]! * block[src + 1]!);
      } else {
        for (let b = 0; b < frameCount; b++, src += stride) {
          const power = block[src]! * block[src]! + block[src + 1]! * block[src + 1]!;
          data[row + b] = dbScale * Math.log(power > amin ? power : amin);
        }
      }
    }
  });
  if (output === 'db' && topDb !== undefined) {
    let max = -Infinity;
    for (let i = 0; i < data.length; i++) if (data[i]! > max) max = data[i]!;
    const floor = max - topDb;
    for (let i = 0; i < data.length; i++) if (data[i]! < floor) data[i] = floor;
  }
  return { ...axes, data };
}
