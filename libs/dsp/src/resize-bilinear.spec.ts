import fc from 'fast-check';
import { resizeBilinear } from './resize-bilinear';
import { expectAllClose, loadFixture, peak } from './internal/fixtures.spec-helper';

const fixture = loadFixture('featurize');
const [rows, cols] = fixture.resizeInput.shape as [number, number];
const image = Float64Array.from(fixture.resizeInput.values as number[]);

describe('resizeBilinear (half-pixel centres)', () => {
  it('doubles [0, 1] to [0, 0.25, 0.75, 1] (hand-checked, edge clamped)', () => {
    expectAllClose(resizeBilinear(Float64Array.from([0, 1]), 1, 2, 1, 4), [0, 0.25, 0.75, 1], { atol: 1e-7 });
  });

  it('matches scipy.ndimage.zoom(order=1, grid_mode=True, mode="nearest") to float32 precision', () => {
    for (const r of fixture.resize as { shape: [number, number]; output: number[] }[]) {
      expectAllClose(resizeBilinear(image, rows, cols, r.shape[0], r.shape[1]), r.output, { atol: 1e-6 * peak(r.output) });
    }
  });

  it('is the identity at the same size and keeps values within the input range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), (h, w, oh, ow) => {
        const img = Float64Array.from({ length: h * w }, (_, i) => Math.sin(i * 1.7) * 10);
        expectAllClose(resizeBilinear(img, h, w, h, w), img, { atol: 1e-5 });
        const out = resizeBilinear(img, h, w, oh, ow);
        const [lo, hi] = [Math.min(...img), Math.max(...img)];
        out.forEach((v) => expect(v >= lo - 1e-5 && v <= hi + 1e-5).toBe(true));
      }),
    );
  });
});
