/**
 * Squared distance between rows of two Float64 matrices (centres, previous centres). Kept separate
 * from squaredDistance so that function only ever sees (data, Float64) argument types: sharing one
 * function between both uses made its loads polymorphic, measured ~15-20% slower per distance.
 */
export function centreDistanceSq(a: Float64Array, aRow: number, b: Float64Array, bRow: number, dim: number): number {
  const ao = aRow * dim;
  const bo = bRow * dim;
  let s = 0;
  for (let c = 0; c < dim; c++) {
    const d = (a[ao + c] as number) - (b[bo + c] as number);
    s += d * d;
  }
  return s;
}
