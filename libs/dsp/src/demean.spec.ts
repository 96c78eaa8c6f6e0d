import fc from 'fast-check';
import { demean } from './demean';
import { expectAllClose, loadFixture } from './internal/fixtures.spec-helper';

const fixture = loadFixture('preprocess');

describe('demean', () => {
  it('subtracts the mean (hand-checked)', () => {
    expect(Array.from(demean(Float32Array.from([1, 2, 3, 6])))).toEqual([-2, -1, 0, 3]);
  });

  it('matches obspy detrend("demean") on real counts to 1e-9 absolute', () => {
    expectAllClose(demean(Float64Array.from(fixture.x)), fixture.demean, { atol: 1e-9 });
  });

  it('leaves a zero-mean result for any input', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }), (values) => {
        const y = demean(Float64Array.from(values));
        const mean = y.reduce((a, b) => a + b, 0) / y.length;
        expect(Math.abs(mean)).toBeLessThanOrEqual(1e-9 * Math.max(1, ...values.map(Math.abs)));
      }),
    );
  });

  it('rejects empty input naming the parameter', () => {
    expect(() => demean(new Float64Array(0))).toThrow(/x: expected at least 1 samples/);
  });
});
