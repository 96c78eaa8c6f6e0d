/**
 * Scalar squared Euclidean distance (used where the WebAssembly SIMD kernel is unavailable or dim is
 * not a multiple of 4; see row-distance.ts) between row `aRow` of `a` and row `bRow` of `b` (both row-major with
 * `dim` columns), computed as sum((a - b)^2) rather than |a|^2 - 2a.b + |b|^2: in a scalar JS loop the
 * two cost about the same (measured within 5% at dim = 64), and the direct form has no cancellation
 * for nearby points (the expanded form can lose every significant digit when |a - b| << |a|, which
 * would corrupt the triangle-inequality bounds used for pruning).
 *
 * `a` is the data (kept in its input type: Float32 rows halve the memory traffic, which dominates at
 * 47k x 64, and convert to double exactly) and `b` is always Float64 (centres, or a row copied to
 * Float64), so every call site sees the same pair of array types and V8 keeps the loads monomorphic.
 * Centre-to-centre distances use centreDistanceSq (centre-distance.ts) for the same reason.
 */
export function squaredDistance(a: Float32Array | Float64Array, aRow: number, b: Float64Array, bRow: number, dim: number): number {
  let ao = aRow * dim;
  let bo = bRow * dim;
  const end4 = ao + (dim & ~3);
  const end = ao + dim;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  // Four accumulators break the add dependency chain (~1.2x faster in V8 than two at dim = 64).
  for (; ao < end4; ao += 4, bo += 4) {
    const d0 = (a[ao] as number) - (b[bo] as number);
    const d1 = (a[ao + 1] as number) - (b[bo + 1] as number);
    const d2 = (a[ao + 2] as number) - (b[bo + 2] as number);
    const d3 = (a[ao + 3] as number) - (b[bo + 3] as number);
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  for (; ao < end; ao++, bo++) {
    const d0 = (a[ao] as number) - (b[bo] as number);
    s0 += d0 * d0;
  }
  return s0 + s1 + s2 + s3;
}
