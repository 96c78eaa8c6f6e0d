// Entry-point validation shared by every kernel. Errors name the parameter and what was expected,
// so a caller deep inside a pipeline can see which option was wrong without reading our source.

export function expectPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`${name}: expected a positive integer, got ${String(value)}`);
  }
}

export function expectNonNegativeInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name}: expected a non-negative integer, got ${String(value)}`);
  }
}

export function expectPositiveFinite(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name}: expected a positive finite number, got ${String(value)}`);
  }
}

export function expectFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) {
    throw new RangeError(`${name}: expected a finite number, got ${String(value)}`);
  }
}

export function expectInRange(name: string, value: number, min: number, max: number): void {
  if (!(value >= min && value <= max)) {
    throw new RangeError(`${name}: expected a number in [${min}, ${max}], got ${String(value)}`);
  }
}

export function expectMinLength(name: string, array: ArrayLike<number>, minLength: number): void {
  if (array.length < minLength) {
    throw new RangeError(`${name}: expected at least ${minLength} samples, got ${array.length}`);
  }
}

export function expectOneOf<T extends string>(name: string, value: T, allowed: readonly T[]): void {
  if (!allowed.includes(value)) {
    throw new RangeError(`${name}: expected one of ${allowed.join(', ')}, got ${String(value)}`);
  }
}

export function expectShape(name: string, array: ArrayLike<number>, expectedLength: number, shape: string): void {
  if (array.length !== expectedLength) {
    throw new RangeError(`${name}: expected ${expectedLength} values for shape ${shape}, got ${array.length}`);
  }
}

/** Reads `array[index]`, which callers guarantee is in bounds (noUncheckedIndexedAccess helper). */
export function at(array: ArrayLike<number>, index: number): number {
  return array[index] as number;
}
