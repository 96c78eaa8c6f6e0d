import fc from 'fast-check';
import { detrendLinear } from './detrend-linear';
import { expectAllClose, loadFixture, peak } from './internal/fixtures.spec-helper';

const fixture = loadFixture('preprocess');

describe('detrendLinear', () => {
  it('removes an exact line completely (hand-checked)', () => {
    const y = detrendLinear(Float64Array.from([3, 5, 7, 9, 11]));
    expectAllClose(y, [0, 0, 0, 0, 0], { atol: 1e-12 });
  });

  it('matches scipy.signal.detrend(type="linear") to 1e-9 of the peak', () => {
    const expected: number[] = fixture.detrendLinear;
    expectAllClose(detrendLinear(Float64Array.from(fixture.x)), expected, { atol: 1e-9 * peak(expected) });
  });

  it('is invariant to adding any line a + b t', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 2, maxLength: 100 }),
        fc.double({ min: -50, max: 50, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        (values, a, b) => {
          const x = Float64Array.from(values);
          const shifted = x.map((v, i) => v + a + b * i);
          expectAllClose(detrendLinear(shifted), detrendLinear(x), { atol: 1e-8 });
        },
      ),
    );
  });
});
