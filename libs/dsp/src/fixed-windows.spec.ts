import fc from 'fast-check';
import { fixedWindows } from './fixed-windows';

describe('fixedWindows', () => {
  it('cuts 10 samples into length-4 windows with 50 % overlap (hand-checked)', () => {
    expect(fixedWindows(10, { length: 4, overlap: 0.5 })).toEqual([{ start: 0, end: 4 }, { start: 2, end: 6 }, { start: 4, end: 8 }, { start: 6, end: 10 }]);
    expect(fixedWindows(11, { length: 4, hop: 4, keepPartial: true })).toEqual([{ start: 0, end: 4 }, { start: 4, end: 8 }, { start: 8, end: 11 }]);
    expect(fixedWindows(3, { length: 4 })).toEqual([]);
  });

  it('produces floor((N - L) / hop) + 1 equal windows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 400 }), (n, length, hop) => {
        const w = fixedWindows(n, { length, hop });
        expect(w.length).toBe(n < length ? 0 : Math.floor((n - length) / hop) + 1);
        w.forEach((r, i) => expect([r.start, r.end - r.start]).toEqual([i * hop, length]));
      }),
    );
  });

  it('rejects overlap of 1', () => {
    expect(() => fixedWindows(10, { length: 4, overlap: 1 })).toThrow(/overlap/);
  });
});
