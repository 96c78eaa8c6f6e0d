import fc from 'fast-check';
import { deriveSeed, SeededRng } from './rng';

describe('SeededRng', () => {
  it('is reproducible from a seed and from a saved state', () => {
    const a = SeededRng.fromSeed(42);
    const b = SeededRng.fromSeed(42);
    expect([a.nextUint32(), a.nextUint32()]).toEqual([b.nextUint32(), b.nextUint32()]);
    const saved = a.state();
    const next = [a.nextFloat(), a.nextInt(10), a.nextUint32()];
    const restored = SeededRng.fromState(saved);
    expect([restored.nextFloat(), restored.nextInt(10), restored.nextUint32()]).toEqual(next);
  });

  it('permutations are permutations', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer(), (n, seed) => {
        const p = Array.from(SeededRng.fromSeed(seed).permutation(n));
        expect(p.sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i));
      }),
    );
  });

  it('floats lie in [0, 1) with a plausible mean', () => {
    const rng = SeededRng.fromSeed(1);
    let sum = 0;
    for (let i = 0; i < 10000; i++) {
      const v = rng.nextFloat();
      expect(v >= 0 && v < 1).toBe(true);
      sum += v;
    }
    expect(sum / 10000).toBeCloseTo(0.5, 1);
  });

  it('derives distinct sub-seeds', () => {
    const seeds = new Set(Array.from({ length: 100 }, (_, i) => deriveSeed(7, i)));
    expect(seeds.size).toBe(100);
    expect(() => SeededRng.fromSeed(Number.NaN)).toThrow(/seed/);
  });
});
