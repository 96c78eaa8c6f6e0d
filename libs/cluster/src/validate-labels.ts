/** Labels re-encoded densely as 0..nLabels-1, code i standing for the i-th smallest distinct value. */
export interface EncodedLabels {
  codes: Int32Array;
  /** The original label values, sorted ascending; codes[i] indexes this array. */
  values: number[];
}

/**
 * Validates a label vector (integers, optionally of a required length) and encodes it densely.
 * @param name parameter name used in error messages.
 */
export function encodeLabels(labels: ArrayLike<number>, name: string, expectedLength?: number): EncodedLabels {
  if (labels === null || typeof labels !== 'object' || typeof labels.length !== 'number') {
    throw new TypeError(`${name}: expected an array-like of integer labels`);
  }
  if (expectedLength !== undefined && labels.length !== expectedLength) {
    throw new RangeError(`${name}: length ${labels.length} does not match the expected ${expectedLength}`);
  }
  const distinct = new Set<number>();
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i] as number;
    if (!Number.isInteger(v)) throw new RangeError(`${name}: element ${i} is ${v}; labels must be integers`);
    distinct.add(v);
  }
  const values = [...distinct].sort((a, b) => a - b);
  const index = new Map<number, number>();
  values.forEach((v, i) => index.set(v, i));
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) codes[i] = index.get(labels[i] as number) as number;
  return { codes, values };
}

/** Checks two label vectors have equal length, naming both parameters. */
export function assertSameLength(a: ArrayLike<number>, b: ArrayLike<number>, nameA: string, nameB: string): void {
  if (a?.length === undefined || b?.length === undefined) {
    throw new TypeError(`${nameA}, ${nameB}: expected array-likes of integer labels`);
  }
  if (a.length !== b.length) {
    throw new RangeError(`${nameA} and ${nameB}: lengths differ (${a.length} vs ${b.length})`);
  }
  if (a.length === 0) throw new RangeError(`${nameA}: expected at least one label, got an empty array`);
}

/** Score functions (CH, silhouette, DB) need 2 <= distinct labels <= nRows - 1, like scikit-learn. */
export function assertLabelCountForScores(nLabels: number, nRows: number): void {
  if (nLabels < 2 || nLabels > nRows - 1) {
    throw new RangeError(`labels: ${nLabels} distinct labels; valid values are 2 to nRows - 1 = ${nRows - 1} (inclusive)`);
  }
}
