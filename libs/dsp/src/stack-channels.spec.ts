import fc from 'fast-check';
import { stackChannels } from './stack-channels';

describe('stackChannels', () => {
  const z = Float32Array.from([1, 2, 3, 4]);
  const n = Float32Array.from([5, 6, 7, 8]);

  it('lays out CHW and HWC (hand-checked, 2 x 2 planes)', () => {
    expect(Array.from(stackChannels([z, n], { nFreq: 2, nTime: 2 }))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(stackChannels([z, n], { nFreq: 2, nTime: 2, layout: 'HWC' }))).toEqual([1, 5, 2, 6, 3, 7, 4, 8]);
  });

  it('HWC[f][t][c] equals CHW[c][f][t] for any shape', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), (c, f, t) => {
        const planes = Array.from({ length: c }, (_, ch) => Float32Array.from({ length: f * t }, (_, i) => ch * 1000 + i));
        const chw = stackChannels(planes, { nFreq: f, nTime: t });
        const hwc = stackChannels(planes, { nFreq: f, nTime: t, layout: 'HWC' });
        for (let ch = 0; ch < c; ch++) for (let p = 0; p < f * t; p++) expect(hwc[p * c + ch]).toBe(chw[ch * f * t + p]);
      }),
    );
  });

  it('rejects mismatched plane sizes naming the component', () => {
    expect(() => stackChannels([z, Float32Array.from([1])], { nFreq: 2, nTime: 2 })).toThrow(/components\[1\]/);
  });
});
