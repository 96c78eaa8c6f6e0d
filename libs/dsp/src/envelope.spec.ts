import fc from 'fast-check';
import { analyticSignal } from './analytic-signal';
import { envelope } from './envelope';
import { expectAllClose, loadFixture, peak } from './internal/fixtures.spec-helper';

const fixture = loadFixture('envelope');
const x = Float64Array.from(fixture.x as number[]);

describe('envelope / analyticSignal (scipy.signal.hilbert)', () => {
  it('gives a flat envelope for a cosine with a whole number of periods (hand-checked)', () => {
    const n = 64;
    const cos = Float64Array.from({ length: n }, (_, i) => 2 * Math.cos((2 * Math.PI * 4 * i) / n));
    expectAllClose(envelope(cos), new Array<number>(n).fill(2), { atol: 1e-12 });
  });

  it('matches np.abs(hilbert(x)) for even and odd lengths to 1e-10 of the peak', () => {
    const even: number[] = fixture.envelopeEven;
    const odd: number[] = fixture.envelopeOdd;
    expectAllClose(envelope(x), even, { atol: 1e-10 * peak(even) });
    expectAllClose(envelope(x.subarray(0, 1501)), odd, { atol: 1e-10 * peak(odd) });
  });

  it('matches the complex analytic signal for a power-of-two and a prime length', () => {
    for (const [n, ref] of [[64, fixture.analytic64], [97, fixture.analyticPrime]] as [number, { re: number[]; im: number[] }][]) {
      const z = analyticSignal(x.subarray(0, n));
      const scale = peak(ref.re);
      expectAllClose(z.filter((_, i) => i % 2 === 0), ref.re, { atol: 1e-10 * scale });
      expectAllClose(z.filter((_, i) => i % 2 === 1), ref.im, { atol: 1e-10 * scale });
    }
  });

  it('keeps the real part equal to the input and the envelope >= |x|', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 150 }), (v) => {
        const input = Float64Array.from(v);
        const z = analyticSignal(input);
        const env = envelope(input);
        input.forEach((value, i) => {
          expect(z[2 * i]).toBeCloseTo(value, 7);
          expect(env[i]! + 1e-7).toBeGreaterThanOrEqual(Math.abs(value));
        });
      }),
      { numRuns: 60 },
    );
  });
});
