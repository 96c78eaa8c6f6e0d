import fc from 'fast-check';
import { recursiveStaLta } from './recursive-sta-lta';
import { expectAllClose, loadFixture } from './internal/fixtures.spec-helper';

const fixture = loadFixture('triggers');

describe('recursiveStaLta', () => {
  it('follows the recursion by hand', () => {
    // nsta = 1: sta_i = a_i^2; nlta = 2: lta_1 = 0.5*4 + 0.5e-99 -> c_1 = 4 / 2 = 2, then zeroed for i < nlta
    const c = recursiveStaLta(Float64Array.from([0, 2, 2, 0]), 1, 2);
    expect(Array.from(c)).toEqual([0, 0, 4 / 3, 0]);
  });

  it('matches obspy recursive_sta_lta to 1e-9 relative', () => {
    expectAllClose(recursiveStaLta(Float64Array.from(fixture.x as number[]), fixture.nsta, fixture.nlta), fixture.recursive, { rtol: 1e-9, atol: 1e-12 });
  });

  it('is scale invariant', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: 5, maxLength: 60 }), fc.double({ min: 0.5, max: 100, noNaN: true }), (v, k) => {
        const a = recursiveStaLta(Float64Array.from(v), 2, 4);
        const b = recursiveStaLta(Float64Array.from(v, (s) => s * k), 2, 4);
        a.forEach((value, i) => expect(b[i]).toBeCloseTo(value, 8));
      }),
    );
  });
});
