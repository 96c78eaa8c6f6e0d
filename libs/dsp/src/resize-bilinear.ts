import type { RealArray } from './types';
import { expectPositiveInteger, expectShape } from './internal/validate';

/**
 * Bilinear resize of a row-major (inRows x inCols) image to (outRows x outCols) with HALF-PIXEL
 * centres, as tf.image.resize(method='bilinear', antialias=False) / skimage.transform.resize(order=1,
 * anti_aliasing=False, mode='edge') / scipy.ndimage.zoom(order=1, grid_mode=True, mode='nearest'):
 *   src = (dst + 0.5) * in / out - 0.5, clamped to [0, in - 1], then linear interpolation between
 *   floor(src) and floor(src) + 1, separably along rows and columns.
 * No anti-aliasing: when shrinking by more than ~2x, smooth or average first if aliasing matters.
 */
export function resizeBilinear(image: RealArray, inRows: number, inCols: number, outRows: number, outCols: number): Float32Array {
  expectPositiveInteger('inRows', inRows);
  expectPositiveInteger('inCols', inCols);
  expectPositiveInteger('outRows', outRows);
  expectPositiveInteger('outCols', outCols);
  expectShape('image', image, inRows * inCols, `${inRows} x ${inCols}`);
  const rows = interpolationTaps(inRows, outRows);
  const cols = interpolationTaps(inCols, outCols);
  const out = new Float32Array(outRows * outCols);
  for (let r = 0; r < outRows; r++) {
    const r0 = rows.lower[r]! * inCols;
    const r1 = rows.upper[r]! * inCols;
    const wr = rows.weight[r]!;
    for (let c = 0; c < outCols; c++) {
      const c0 = cols.lower[c]!;
      const c1 = cols.upper[c]!;
      const wc = cols.weight[c]!;
      const top = image[r0 + c0]! + wc * (image[r0 + c1]! - image[r0 + c0]!);
      const bottom = image[r1 + c0]! + wc * (image[r1 + c1]! - image[r1 + c0]!);
      out[r * outCols + c] = top + wr * (bottom - top);
    }
  }
  return out;
}

function interpolationTaps(inSize: number, outSize: number) {
  const lower = new Int32Array(outSize);
  const upper = new Int32Array(outSize);
  const weight = new Float64Array(outSize);
  const scale = inSize / outSize;
  for (let i = 0; i < outSize; i++) {
    const src = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), inSize - 1);
    const floor = Math.floor(src);
    lower[i] = floor;
    upper[i] = Math.min(floor + 1, inSize - 1);
    weight[i] = src - floor;
  }
  return { lower, upper, weight };
}
