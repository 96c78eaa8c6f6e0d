import { getWindow, type WindowType } from './get-window';
import { expectAllClose, loadFixture } from './internal/fixtures.spec-helper';

const fixture = loadFixture('spectra');

describe('getWindow', () => {
  it('periodic hann of 4 is [0, 0.5, 1, 0.5], symmetric hann of 5 is [0, 0.5, 1, 0.5, 0] (hand-checked)', () => {
    expectAllClose(getWindow('hann', 4), [0, 0.5, 1, 0.5], { atol: 1e-15 });
    expectAllClose(getWindow('hann', 5, { symmetric: true }), [0, 0.5, 1, 0.5, 0], { atol: 1e-15 });
  });

  it('matches scipy.signal.get_window for hann/hamming/blackman/boxcar, periodic and symmetric, to 1e-11', () => {
    for (const [key, values] of Object.entries(fixture.windows as Record<string, number[]>)) {
      const [type, n, kind] = key.split('-') as [WindowType, string, string];
      expectAllClose(getWindow(type, Number(n), { symmetric: kind === 'sym' }), values, { rtol: 1e-11, atol: 1e-15 });
    }
  });
});
