import { cropFrequencyBand } from './crop-frequency-band';
import { spectrogram } from './spectrogram';

describe('cropFrequencyBand', () => {
  const spec = spectrogram(Float64Array.from({ length: 400 }, (_, i) => Math.sin(i)), { samplingRate: 100, nperseg: 20, hop: 10 });

  it('keeps the rows with minHz <= f <= maxHz, inclusive (hand-checked: 5 Hz bins)', () => {
    const cropped = cropFrequencyBand(spec, { minHz: 5, maxHz: 20 });
    expect(Array.from(cropped.frequencies)).toEqual([5, 10, 15, 20]);
    expect(cropped.nFreq).toBe(4);
    expect(Array.from(cropped.data.subarray(0, spec.nFrames))).toEqual(Array.from(spec.data.subarray(spec.nFrames, 2 * spec.nFrames)));
    expect(cropped.times).toBe(spec.times);
  });

  it('rejects an empty band', () => {
    expect(() => cropFrequencyBand(spec, { minHz: 6, maxHz: 9 })).toThrow(/no frequency bin/);
    expect(() => cropFrequencyBand(spec, { minHz: 9, maxHz: 6 })).toThrow(/maxHz/);
  });
});
