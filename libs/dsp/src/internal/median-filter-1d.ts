/**
 * Running median over `count` values read at src[offset + i * stride], window `size` centred like
 * scipy.ndimage.median_filter (origin 0: indices i - floor(size/2) .. i - floor(size/2) + size - 1),
 * edges by ndimage 'reflect' (d c b a | a b c d | d c b a), rank floor(size / 2) of the sorted window
 * (for even sizes the upper of the two middle values, as ndimage does). A sorted window is kept
 * and updated by binary-search insertion/removal: O(size) per step with tiny constants for the
 * kernel sizes HPSS uses (<= ~100).
 */
export function medianFilter1d(src: ArrayLike<number>, offset: number, stride: number, count: number, size: number, dst: Float64Array, dstOffset: number, dstStride: number): void {
  const half = Math.floor(size / 2);
  const rank = Math.floor(size / 2);
  const read = (i: number): number => src[offset + reflectIndex(i, count) * stride]!;
  const sorted: number[] = [];
  for (let j = -half; j < size - half; j++) insertSorted(sorted, read(j));
  for (let i = 0; i < count; i++) {
    dst[dstOffset + i * dstStride] = sorted[rank]!;
    if (i + 1 < count) {
      removeSorted(sorted, read(i - half));
      insertSorted(sorted, read(i + 1 - half + size - 1));
    }
  }
}

function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * n;
  let j = ((i % period) + period) % period;
  if (j >= n) j = period - 1 - j;
  return j;
}

function lowerBound(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(sorted: number[], value: number): void {
  sorted.splice(lowerBound(sorted, value), 0, value);
}

function removeSorted(sorted: number[], value: number): void {
  sorted.splice(lowerBound(sorted, value), 1);
}
