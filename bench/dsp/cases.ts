// The two benchmarked workloads, shared by the TS bench (run.ts) and mirrored in peer.py.
import {
  cosineTaper,
  cropFrequencyBand,
  demean,
  butterworthFilter,
  fixedWindows,
  obspyResample,
  resizeBilinear,
  spectrogram,
  stft,
} from '@seisdec/dsp';

export const STFT_OPTIONS = { samplingRate: 100, nperseg: 256, hop: 128 } as const;

/** Day-long complex STFT, scipy.signal.stft conventions (the peer times scipy.signal.stft). */
export function dayStft(x: Float32Array): number {
  return stft(x, STFT_OPTIONS).nFrames;
}

/** The same with float32 re/im (scipy returns complex64 for this float32 input). */
export function dayStftFloat32(x: Float32Array): number {
  return stft(x, { ...STFT_OPTIONS, precision: 'float32' }).nFrames;
}

/** Day-long power spectrogram (fused |STFT|^2, float32), same frames as dayStft. */
export function daySpectrogram(x: Float32Array): number {
  return spectrogram(x, { ...STFT_OPTIONS, output: 'power' }).nFrames;
}

export const PIPELINE = {
  taper: { maxPercentage: 0.05, maxLength: 60 },
  band: { freqmin: 1, freqmax: 20 },
  targetRate: 50,
  nperseg: 256,
  hop: 128,
  crop: { minHz: 1, maxHz: 20 },
  windowFrames: 128,
  windowOverlap: 0.5,
  outShape: [96, 128] as const,
};

/**
 * One component through the featurisation chain: demean, cosine taper (5 %, <= 60 s), zero-phase
 * 4-corner Butterworth 1-20 Hz, obspy-style FFT resample to 50 Hz, power spectrogram in dB
 * (nperseg 256, hop 128, scipy convention), crop 1-20 Hz, cut into 128-frame windows with 50 %
 * overlap, and resize each window to 96 x 128 (bilinear, half-pixel). Returns the window count.
 */
export function featurizeComponent(x: Float32Array): Float32Array[] {
  const p = PIPELINE;
  const tapered = cosineTaper(demean(x), { ...p.taper, samplingRate: 100 });
  const filtered = butterworthFilter(tapered, { type: 'bandpass', ...p.band }, { samplingRate: 100, corners: 4, zerophase: true });
  const resampled = obspyResample(filtered, { samplingRate: 100, targetRate: p.targetRate });
  const spec = cropFrequencyBand(spectrogram(resampled, { samplingRate: p.targetRate, nperseg: p.nperseg, hop: p.hop, output: 'db' }), p.crop);
  const windows = fixedWindows(spec.nFrames, { length: p.windowFrames, overlap: p.windowOverlap });
  const block = new Float32Array(spec.nFreq * p.windowFrames);
  return windows.map(({ start }) => {
    for (let f = 0; f < spec.nFreq; f++) block.set(spec.data.subarray(f * spec.nFrames + start, f * spec.nFrames + start + p.windowFrames), f * p.windowFrames);
    return resizeBilinear(block, spec.nFreq, p.windowFrames, p.outShape[0], p.outShape[1]);
  });
}
