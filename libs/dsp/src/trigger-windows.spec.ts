import fc from 'fast-check';
import { triggerWindows } from './trigger-windows';

describe('triggerWindows', () => {
  const c = [0, 5, 5, 1, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 6, 0];

  it('converts inclusive off to half-open ends and pads (hand-checked)', () => {
    expect(triggerWindows(c, { on: 3, off: 3 })).toEqual([{ start: 1, end: 3 }, { start: 6, end: 8 }, { start: 14, end: 15 }]);
    expect(triggerWindows(c, { on: 3, off: 3, preSamples: 1, postSamples: 2 })).toEqual([{ start: 0, end: 10 }, { start: 13, end: 16 }]); // [0,5) and [5,10) touch: merged
  });

  it('merges windows closer than minGapSamples', () => {
    expect(triggerWindows(c, { on: 3, off: 3, minGapSamples: 4 })).toEqual([{ start: 1, end: 8 }, { start: 14, end: 15 }]);
    expect(triggerWindows(c, { on: 3, off: 3, minGapSamples: 7 })).toEqual([{ start: 1, end: 15 }]);
  });

  it('returns sorted, disjoint, in-bounds windows separated by at least minGap', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.nat(20),
        fc.nat(20),
        fc.nat(30),
        (values, pre, post, gap) => {
          const w = triggerWindows(values, { on: 6, off: 4, preSamples: pre, postSamples: post, minGapSamples: gap });
          w.forEach((r, i) => {
            expect(r.start).toBeGreaterThanOrEqual(0);
            expect(r.end).toBeLessThanOrEqual(values.length);
            expect(r.end).toBeGreaterThan(r.start);
            if (i > 0) expect(r.start - w[i - 1]!.end).toBeGreaterThanOrEqual(Math.max(gap, 1));
          });
        },
      ),
    );
  });
});
