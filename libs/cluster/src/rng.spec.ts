import { createRng } from './rng';

describe('createRng', () => {
  it('repeats the same stream for the same seed and differs between seeds', () => {
    const a = createRng(5);
    const b = createRng(5);
    const c = createRng(6);
    const sa = Array.from({ length: 8 }, () => a.nextUint32());
    expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual(sa);
    expect(Array.from({ length: 8 }, () => c.nextUint32())).not.toEqual(sa);
  });

  it('draws floats in [0, 1) with mean ~1/2 and integers covering [0, n)', () => {
    const rng = createRng(1);
    let sum = 0;
    const seen = new Set<number>();
    for (let i = 0; i < 20000; i++) {
      const f = rng.nextFloat();
      expect(f >= 0 && f < 1).toBe(true);
      sum += f;
      seen.add(rng.nextInt(7));
    }
    expect(Math.abs(sum / 20000 - 0.5)).toBeLessThan(0.01);
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('rejects a non-finite seed naming the parameter', () => {
    expect(() => createRng(NaN)).toThrow(/seed/);
  });
});
