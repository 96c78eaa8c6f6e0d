/** Checks an nRows x k row-major matrix of probabilities (finite, >= 0). */
export function validateDistribution(values: Float64Array, nRows: number, k: number, name: string): void {
  if (!(values instanceof Float64Array)) throw new TypeError(`${name}: expected a Float64Array`);
  if (!Number.isInteger(nRows) || nRows < 1) throw new RangeError(`nRows: expected a positive integer, got ${nRows}`);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k: expected a positive integer, got ${k}`);
  if (values.length !== nRows * k) throw new RangeError(`${name}: length ${values.length} does not match nRows * k = ${nRows * k}`);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!(v >= 0) || v === Infinity) throw new RangeError(`${name}: entry ${i} (row ${Math.floor(i / k)}) is ${v}; expected a finite probability >= 0`);
  }
}
