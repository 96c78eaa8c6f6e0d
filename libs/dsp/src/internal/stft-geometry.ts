import { getWindow, type WindowType } from '../get-window';
import type { FrameGeometry } from './stft-engine';
import { expectOneOf, expectPositiveFinite, expectPositiveInteger } from './validate';

/** Options shared by stft and spectrogram. See stft.ts for the two conventions. */
export interface StftOptions {
  /** Sampling rate in Hz (for the frequency and time axes). Default 1. */
  readonly samplingRate?: number;
  /** 'scipy' = scipy.signal.stft, 'librosa' = librosa.stft. Default 'scipy'. */
  readonly convention?: 'scipy' | 'librosa';
  /** Window name or explicit values (length nperseg). Default 'hann'. */
  readonly window?: WindowType | Float64Array;
  /** Symmetric instead of periodic named window (both libraries use periodic). Default false. */
  readonly symmetricWindow?: boolean;
  /** Window length in samples (scipy nperseg, librosa win_length). Default 256. */
  readonly nperseg?: number;
  /** Frame step in samples (scipy nperseg - noverlap, librosa hop_length). Default nperseg / 2 (scipy) or nfft / 4 (librosa). */
  readonly hop?: number;
  /** FFT length >= nperseg. Default nperseg. */
  readonly nfft?: number;
  /** scipy only: 'zeros' pads nperseg/2 zeros on both sides (default), 'none' does not. */
  readonly boundary?: 'zeros' | 'none';
  /** scipy only: zero-pad the end so the last frame is complete (default true). */
  readonly padded?: boolean;
  /** scipy only: 'spectrum' divides by sum(w) (default), 'psd' by sqrt(fs sum(w^2)), 'none' no scaling. librosa never scales. */
  readonly scaling?: 'spectrum' | 'psd' | 'none';
  /** librosa only: pad nfft/2 on both sides so frame t is centred on sample t hop (default true). */
  readonly center?: boolean;
  /** librosa only: padding mode when centring, 'constant' (zeros, librosa >= 0.10 default) or 'reflect'. */
  readonly padMode?: 'constant' | 'reflect';
}

export interface StftAxes {
  readonly nFreq: number;
  readonly nFrames: number;
  /** Frequency of each row (Hz): k fs / nfft. */
  readonly frequencies: Float64Array;
  /**
   * Time of each column (s): the frame centre relative to the first input sample. Equals scipy's `t`
   * and librosa.frames_to_time(frames, sr, hop) when centred; with librosa center=False it is
   * frames_to_time(..., n_fft=n_fft), i.e. shifted by n_fft / 2.
   */
  readonly times: Float64Array;
}

export function stftGeometry(length: number, options: StftOptions): { geometry: FrameGeometry; axes: StftAxes } {
  const { samplingRate = 1, convention = 'scipy', window = 'hann', symmetricWindow = false, nperseg = 256 } = options;
  expectPositiveFinite('samplingRate', samplingRate);
  expectOneOf('convention', convention, ['scipy', 'librosa']);
  expectPositiveInteger('nperseg', nperseg);
  const nfft = options.nfft ?? nperseg;
  expectPositiveInteger('nfft', nfft);
  if (nfft < nperseg) throw new RangeError(`nfft: expected nfft >= nperseg (${nperseg}), got ${nfft}`);
  const hop = options.hop ?? (convention === 'scipy' ? Math.floor(nperseg / 2) : Math.floor(nfft / 4));
  expectPositiveInteger('hop', hop);
  const baseWindow = typeof window === 'string' ? getWindow(window, nperseg, { symmetric: symmetricWindow }) : Float64Array.from(window);
  if (baseWindow.length !== nperseg) throw new RangeError(`window: expected ${nperseg} values (nperseg), got ${baseWindow.length}`);
  const result = convention === 'scipy' ? scipyGeometry(length, nperseg, nfft, hop, baseWindow, samplingRate, options) : librosaGeometry(length, nperseg, nfft, hop, baseWindow, options);
  const nFreq = Math.floor(nfft / 2) + 1;
  const frequencies = new Float64Array(nFreq);
  for (let k = 0; k < nFreq; k++) frequencies[k] = (k * samplingRate) / nfft;
  const times = new Float64Array(result.geometry.nFrames);
  for (let t = 0; t < times.length; t++) times[t] = (result.centreOffset + t * hop) / samplingRate;
  return { geometry: result.geometry, axes: { nFreq, nFrames: result.geometry.nFrames, frequencies, times } };
}

function scipyGeometry(length: number, nperseg: number, nfft: number, hop: number, window: Float64Array, fs: number, options: StftOptions) {
  const { boundary = 'zeros', padded = true, scaling = 'spectrum' } = options;
  expectOneOf('boundary', boundary, ['zeros', 'none']);
  expectOneOf('scaling', scaling, ['spectrum', 'psd', 'none']);
  if (hop > nperseg) throw new RangeError(`hop: expected hop <= nperseg (${nperseg}) for the scipy convention, got ${hop}`);
  const edge = boundary === 'zeros' ? Math.floor(nperseg / 2) : 0;
  let paddedLength = length + 2 * edge;
  if (padded) {
    const remainder = (((-(paddedLength - nperseg)) % hop) + hop) % hop;
    paddedLength += remainder % nperseg;
  }
  if (paddedLength < nperseg) throw new RangeError(`x: expected at least nperseg (${nperseg}) samples after padding, got ${paddedLength}`);
  const nFrames = Math.floor((paddedLength - nperseg) / hop) + 1;
  let scale = 1;
  if (scaling === 'spectrum') scale = 1 / window.reduce((a, b) => a + b, 0);
  if (scaling === 'psd') scale = 1 / Math.sqrt(fs * window.reduce((a, b) => a + b * b, 0));
  const scaled = window.map((w) => w * scale);
  const geometry: FrameGeometry = { frameLength: nperseg, nfft, hop, nFrames, firstSample: -edge, bufferOffset: 0, window: scaled, padMode: 'constant' };
  return { geometry, centreOffset: nperseg / 2 - (boundary === 'zeros' ? nperseg / 2 : 0) };
}

function librosaGeometry(length: number, nperseg: number, nfft: number, hop: number, window: Float64Array, options: StftOptions) {
  const { center = true, padMode = 'constant' } = options;
  expectOneOf('padMode', padMode, ['constant', 'reflect']);
  const edge = center ? Math.floor(nfft / 2) : 0;
  const paddedLength = length + 2 * edge;
  if (paddedLength < nfft) throw new RangeError(`x: expected at least nfft (${nfft}) samples${center ? ' after centring' : ''}, got ${paddedLength}`);
  if (center && padMode === 'reflect' && length < 2) throw new RangeError('x: reflect padding needs at least 2 samples');
  const nFrames = 1 + Math.floor((paddedLength - nfft) / hop);
  // librosa pads a short window to nfft, centred (util.pad_center): the frame is nfft samples and only
  // the window's support is non-zero, so we window the nperseg samples that support covers.
  const offset = Math.floor((nfft - nperseg) / 2);
  const geometry: FrameGeometry = { frameLength: nperseg, nfft, hop, nFrames, firstSample: -edge + offset, bufferOffset: offset, window, padMode };
  return { geometry, centreOffset: center ? 0 : nfft / 2 };
}
