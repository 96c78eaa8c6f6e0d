import fc from 'fast-check';
import { fitDatasetNormalization } from './fit-dataset-normalization';
import { applyDatasetNormalization } from './apply-dataset-normalization';
import { loadFixture } from './internal/fixtures.spec-helper';

const fixture = loadFixture('featurize');

function fixtureWindows(): Float64Array[] {
  const [nFreq, nTime] = fixture.magnitude.shape as [number, number];
  const values: number[] = fixture.magnitude.values;
  const slice = (r: number, c0: number, c1: number) => values.slice(r * nTime + c0, r * nTime + c1);
  const region = (rows: number, c0: number, c1: number) => Float64Array.from(Array.from({ length: rows }, (_, r) => slice(r, c0, c1)).flat());
  return [region(nFreq, 0, 20), region(nFreq, 20, 65), region(3, 0, 5)];
}

describe('fitDatasetNormalization / applyDatasetNormalization', () => {
  it('pools windows of different sizes like numpy on the concatenation (1e-12 relative)', () => {
    const windows = fixtureWindows();
    expect(windows.map((w) => w.length)).toEqual(fixture.dataset.windowLengths);
    const z = fitDatasetNormalization(windows, 'zscore');
    const m = fitDatasetNormalization(windows, 'minmax');
    if (z.method !== 'zscore' || m.method !== 'minmax') throw new Error('wrong method');
    expect(z.mean / fixture.dataset.mean).toBeCloseTo(1, 11);
    expect(z.std / fixture.dataset.std).toBeCloseTo(1, 11);
    expect([m.min, m.max]).toEqual([fixture.dataset.min, fixture.dataset.max]);
  });

  it('applies fitted statistics by hand', () => {
    const stats = fitDatasetNormalization([Float64Array.from([1, 3]), Float64Array.from([5])], 'zscore');
    // pooled [1, 3, 5]: mean 3, std sqrt(8/3)
    expect(Array.from(applyDatasetNormalization(Float64Array.from([3, 5]), stats))).toEqual([0, Math.fround(2 / Math.sqrt(8 / 3))]);
  });

  it('gives the same statistics however the data are split into windows', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 200 }), fc.integer({ min: 1, max: 199 }), (v, cut) => {
        const all = fitDatasetNormalization([Float64Array.from(v)], 'zscore');
        const split = fitDatasetNormalization([Float64Array.from(v.slice(0, cut)), Float64Array.from(v.slice(cut))], 'zscore');
        if (all.method !== 'zscore' || split.method !== 'zscore') throw new Error('wrong method');
        expect(split.mean).toBeCloseTo(all.mean, 8);
        expect(split.std).toBeCloseTo(all.std, 8);
      }),
    );
  });

  it('rejects an empty data set', () => {
    expect(() => fitDatasetNormalization([], 'minmax')).toThrow(/windows: expected at least one non-empty window/);
  });
});
