import { designObspyLowpassCheby2Sos } from './obspy-lowpass-cheby2-sos';
import { expectAllClose, loadFixture } from './internal/fixtures.spec-helper';

const fixture = loadFixture('filters');

describe('designObspyLowpassCheby2Sos', () => {
  it('reproduces the order, passband and sections of obspy lowpass_cheby_2 to 1e-9', () => {
    for (const c of fixture.cheby2 as { freq: number; sos: number[]; order: number; passbandHz: number }[]) {
      const design = designObspyLowpassCheby2Sos(c.freq, 100);
      expect(design.order).toBe(c.order);
      expect(design.passbandHz).toBeCloseTo(c.passbandHz, 10);
      expectAllClose(design.sos, c.sos, { rtol: 1e-7, atol: 1e-12 });
    }
  });

  it('never exceeds the maximum order', () => {
    for (const freq of [1, 5, 12.5, 24, 40]) expect(designObspyLowpassCheby2Sos(freq, 100, 8).order).toBeLessThanOrEqual(8);
  });
});
