import type { SpectrogramSettings } from '@seisdec/contracts';
import { cropFrequencyBand, normalizeWindow, resizeBilinear, spectrogram, type Spectrogram } from '@seisdec/dsp';

/**
 * One component of one window as a (height x width) image, row-major, row 0 = lowest frequency,
 * column 0 = earliest frame:
 * 1. `spectrogram` with the **scipy convention** (= scipy.signal.stft(x, fs, window, nperseg,
 *    noverlap = nperseg - hop, nfft, boundary='zeros', padded=True, scaling='spectrum')), reduced to
 *    |X| ('magnitude'), |X|^2 ('power') or 10 log10(max(|X|^2, 1e-10)) ('dB', librosa power_to_db
 *    with ref 1 and no top_db). A 20 s window at 100 Hz with nperseg 128 / hop 32 gives 64 frames.
 * 2. `cropFrequencyBand`: rows with band[0] <= f <= band[1].
 * 3. `resizeBilinear` to height x width (half-pixel centres, as tf.image.resize bilinear).
 * 4. optional per-window normalisation over the image (`normalizeWindow`, zscore or minmax).
 */
export function windowImage(samples: Float32Array, sampleRate: number, settings: SpectrogramSettings): Float32Array {
  const spec = cropFrequencyBand(spectrumOf(samples, sampleRate, settings), { minHz: settings.band[0], maxHz: settings.band[1] });
  const image = resizeBilinear(spec.data, spec.nFreq, spec.nFrames, settings.height, settings.width);
  return settings.windowNormalisation === 'none' ? image : normalizeWindow(image, { method: settings.windowNormalisation });
}

/** The uncropped spectrogram of `windowImage` step 1 (exported for checks and the band validation). */
export function spectrumOf(samples: Float32Array, sampleRate: number, settings: SpectrogramSettings): Spectrogram {
  return spectrogram(samples, {
    samplingRate: sampleRate,
    convention: 'scipy',
    nperseg: settings.nperseg,
    hop: settings.hop,
    nfft: settings.nfft,
    window: settings.window,
    output: settings.scale === 'dB' ? 'db' : settings.scale,
  });
}
