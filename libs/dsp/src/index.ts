// @seisdec/dsp: pure signal-processing kernels on typed arrays (see README.md for conventions).
export type { RealArray, SampleRange } from './types';
// trace preprocessing
export { demean } from './demean';
export { detrendLinear } from './detrend-linear';
export { cosineTaper, type CosineTaperOptions } from './cosine-taper';
export { designButterworthSos, type FilterBand, type ButterworthOptions, type SosMatrix } from './butterworth-sos';
export { sosfilt } from './sosfilt';
export { sosfiltZeroPhase } from './sosfilt-zero-phase';
export { butterworthFilter, type ButterworthFilterOptions } from './butterworth-filter';
export { designObspyLowpassCheby2Sos, type ObspyCheby2Design } from './obspy-lowpass-cheby2-sos';
export { obspyDecimate, type ObspyDecimateOptions } from './obspy-decimate';
export { obspyResample, type ObspyResampleOptions } from './obspy-resample';
export { analyticSignal } from './analytic-signal';
export { envelope } from './envelope';
// event detection and windowing
export { medianAbsoluteDeviation, type MedianAbsoluteDeviation } from './median-absolute-deviation';
export { madTrigger, type MadTriggerOptions, type MadTriggerResult } from './mad-trigger';
export { classicStaLta } from './classic-sta-lta';
export { recursiveStaLta } from './recursive-sta-lta';
export { triggerOnset, type TriggerOnOff, type TriggerOnsetOptions } from './trigger-onset';
export { triggerWindows, type TriggerWindowOptions } from './trigger-windows';
export { fixedWindows, type FixedWindowOptions } from './fixed-windows';
// spectrograms and featurisation
export { getWindow, type WindowType, type GetWindowOptions } from './get-window';
export { stft, type StftResult, type StftOptions, type StftAxes, type StftPrecision } from './stft';
export { spectrogram, type Spectrogram, type SpectrogramOptions } from './spectrogram';
export { cropFrequencyBand, type FrequencyBand } from './crop-frequency-band';
export { resizeBilinear } from './resize-bilinear';
export { normalizeWindow, type NormalizeWindowOptions } from './normalize-window';
export { fitDatasetNormalization, type DatasetNormalization } from './fit-dataset-normalization';
export { applyDatasetNormalization } from './apply-dataset-normalization';
export { hpss, type HpssOptions, type HpssResult } from './hpss';
export { stackChannels, type StackChannelsOptions } from './stack-channels';
