import fc from 'fast-check';
import { designButterworthSos, type FilterBand } from './butterworth-sos';
import { expectAllClose, loadFixture } from './internal/fixtures.spec-helper';

const fixture = loadFixture('filters');

/** |H(e^{i w})| of a cascade at normalised angular frequency w. */
function gainAt(sos: Float64Array, w: number): number {
  let g = 1;
  for (let s = 0; s < sos.length; s += 6) {
    const num = (k: number) => [sos[s]! + sos[s + 1]! * Math.cos(k) + sos[s + 2]! * Math.cos(2 * k), -sos[s + 1]! * Math.sin(k) - sos[s + 2]! * Math.sin(2 * k)];
    const den = (k: number) => [1 + sos[s + 4]! * Math.cos(k) + sos[s + 5]! * Math.cos(2 * k), -sos[s + 4]! * Math.sin(k) - sos[s + 5]! * Math.sin(2 * k)];
    const [nr, ni] = num(w);
    const [dr, di] = den(w);
    g *= Math.hypot(nr!, ni!) / Math.hypot(dr!, di!);
  }
  return g;
}

describe('designButterworthSos', () => {
  it('first-order lowpass at fs/4 has the textbook coefficients (hand-checked)', () => {
    // bilinear Butterworth N=1, Wn=0.5: b = [0.5, 0.5], a = [1, 0] -> zpk2sos section [0.5, 0.5, 0, 1, 0, 0]
    expectAllClose(designButterworthSos({ type: 'lowpass', freq: 25 }, { samplingRate: 100, order: 1 }), [0.5, 0.5, 0, 1, 0, 0], { atol: 1e-15 });
  });

  it('equals scipy.signal.butter(output="sos") section by section to 1e-12', () => {
    for (const d of fixture.designs as (FilterBand & { order: number; sos: number[] })[]) {
      const sos = designButterworthSos(d, { samplingRate: 100, order: d.order });
      expectAllClose(sos, d.sos, { rtol: 1e-9, atol: 1e-12 });
    }
  });

  it('has -3 dB at the corner and unit gain in the pass band for any corner and order', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.5, max: 45, noNaN: true }), fc.integer({ min: 1, max: 8 }), (f, order) => {
        const sos = designButterworthSos({ type: 'lowpass', freq: f }, { samplingRate: 100, order });
        expect(gainAt(sos, (Math.PI * f) / 50)).toBeCloseTo(Math.SQRT1_2, 9);
        expect(gainAt(sos, 0)).toBeCloseTo(1, 9);
      }),
    );
  });

  it('rejects corners at or above Nyquist and inverted bands', () => {
    expect(() => designButterworthSos({ type: 'lowpass', freq: 50 }, { samplingRate: 100 })).toThrow(/freq: expected a frequency below Nyquist/);
    expect(() => designButterworthSos({ type: 'bandpass', freqmin: 10, freqmax: 5 }, { samplingRate: 100 })).toThrow(/freqmax/);
    expect(() => designButterworthSos({ type: 'highpass', freq: 1 }, { samplingRate: 100, order: 0 })).toThrow(/order/);
  });
});
