/** Numeric matrix accepted by every kernel here: flat, row-major, nRows x nCols. */
export type Matrix = Float32Array | Float64Array;

/**
 * Checks shape and finiteness of a flat row-major matrix at a public entry point.
 * Errors name the parameter and, for non-finite values, the first offending row.
 */
export function validateMatrix(data: Matrix, nRows: number, nCols: number, name = 'data'): void {
  if (!(data instanceof Float32Array || data instanceof Float64Array)) {
    throw new TypeError(`${name}: expected a Float32Array or Float64Array`);
  }
  if (!Number.isInteger(nRows) || nRows < 1) throw new RangeError(`nRows: expected a positive integer, got ${nRows}`);
  if (!Number.isInteger(nCols) || nCols < 1) throw new RangeError(`nCols: expected a positive integer, got ${nCols}`);
  if (data.length !== nRows * nCols) {
    throw new RangeError(`${name}: length ${data.length} does not match nRows * nCols = ${nRows} * ${nCols} = ${nRows * nCols}`);
  }
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    // v - v is NaN for NaN and +-Infinity, 0 otherwise: one comparison per element.
    if (v - v !== 0) {
      const row = Math.floor(i / nCols);
      throw new RangeError(`${name}: row ${row} column ${i - row * nCols} is ${v}; every value must be finite`);
    }
  }
}

/** Throws when every column is constant (all rows identical): no clustering structure can exist. */
export function assertNotConstant(data: Matrix, nRows: number, nCols: number, name = 'data'): void {
  for (let r = 1; r < nRows; r++) {
    const offset = r * nCols;
    for (let c = 0; c < nCols; c++) {
      if (data[offset + c] !== data[c]) return;
    }
  }
  throw new RangeError(`${name}: zero variance (all ${nRows} rows are identical); clustering needs distinct points`);
}
