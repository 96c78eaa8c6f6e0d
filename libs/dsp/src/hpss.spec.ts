import fc from 'fast-check';
import { hpss } from './hpss';
import { expectAllClose, loadFixture, peak } from './internal/fixtures.spec-helper';

const fixture = loadFixture('featurize');
const [nFreq, nTime] = fixture.magnitude.shape as [number, number];
const magnitude = Float64Array.from(fixture.magnitude.values as number[]);

describe('hpss (librosa.decompose.hpss)', () => {
  it('sends a horizontal line to the harmonic part and a vertical line to the percussive part (hand-checked)', () => {
    const s = new Float64Array(9 * 9);
    for (let t = 0; t < 9; t++) s[4 * 9 + t] = 1; // steady tone at row 4
    for (let f = 0; f < 9; f++) s[f * 9 + 6] = s[f * 9 + 6]! + 1; // click at column 6
    const { harmonic, percussive } = hpss(s, { nFreq: 9, nTime: 9, kernelSize: 5 });
    expect(harmonic[4 * 9 + 1]).toBeCloseTo(1, 12);
    expect(percussive[4 * 9 + 1]).toBeCloseTo(0, 12);
    expect(percussive[1 * 9 + 6]).toBeCloseTo(1, 12);
    expect(harmonic[1 * 9 + 6]).toBeCloseTo(0, 12);
  });

  it('matches librosa for default, split kernels + margins, power 1, masks and the hard mask to 1e-9', () => {
    for (const [label, c] of Object.entries(fixture.hpss as Record<string, { kwargs: Record<string, unknown>; harmonic: number[]; percussive: number[] }>)) {
      const k = c.kwargs as { kernel_size?: number | [number, number]; margin?: number | [number, number]; power?: number | null; mask?: boolean };
      const r = hpss(magnitude, {
        nFreq,
        nTime,
        kernelSize: k.kernel_size,
        margin: k.margin,
        power: label.endsWith('hard') ? Infinity : (k.power ?? 2),
        mask: k.mask ?? false,
      });
      const scale = Math.max(peak(c.harmonic), 1e-300);
      expectAllClose(r.harmonic, c.harmonic, { atol: 1e-9 * scale });
      expectAllClose(r.percussive, c.percussive, { atol: 1e-9 * Math.max(peak(c.percussive), 1e-300) });
    }
  });

  it('splits the input exactly when margins are 1 (masks sum to one)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 30, maxLength: 30 }), fc.integer({ min: 1, max: 7 }), (v, k) => {
        const s = Float64Array.from(v);
        const { harmonic, percussive } = hpss(s, { nFreq: 5, nTime: 6, kernelSize: k });
        s.forEach((value, i) => expect(harmonic[i]! + percussive[i]!).toBeCloseTo(value, 9));
      }),
    );
  });

  it('rejects negative magnitudes and margins below 1', () => {
    expect(() => hpss(Float64Array.from([1, -1]), { nFreq: 1, nTime: 2 })).toThrow(/non-negative/);
    expect(() => hpss(Float64Array.from([1, 1]), { nFreq: 1, nTime: 2, margin: 0.5 })).toThrow(/margin/);
  });
});
