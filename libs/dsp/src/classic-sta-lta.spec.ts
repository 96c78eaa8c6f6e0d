import { classicStaLta } from './classic-sta-lta';
import { expectAllClose, loadFixture } from './internal/fixtures.spec-helper';

const fixture = loadFixture('triggers');

describe('classicStaLta', () => {
  it('is zero before the LTA fills and 1 on a constant signal (hand-checked)', () => {
    expect(Array.from(classicStaLta(new Float64Array(6).fill(2), 2, 4))).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('matches obspy classic_sta_lta to 1e-9 relative', () => {
    expectAllClose(classicStaLta(Float64Array.from(fixture.x as number[]), fixture.nsta, fixture.nlta), fixture.classic, { rtol: 1e-9, atol: 1e-12 });
  });

  it('validates window lengths', () => {
    expect(() => classicStaLta(new Float64Array(10), 5, 2)).toThrow(/nlta: expected nlta >= nsta/);
    expect(() => classicStaLta(new Float64Array(3), 1, 5)).toThrow(/a: expected at least 5 samples/);
  });
});
