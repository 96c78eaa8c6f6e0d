// Test-only helpers: load the committed reference fixtures (tools/fixtures/dsp/*.json, produced by
// tools/fixtures/dsp/make_fixtures.py) and compare arrays with a stated tolerance.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURE_DIR = join(__dirname, '../../../../tools/fixtures/dsp');

export interface FixtureHeader {
  generator: string;
  versions: Record<string, string>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function loadFixture<T = any>(name: string): T & FixtureHeader {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, `${name}.json`), 'utf8')) as T & FixtureHeader;
}

/**
 * Asserts |actual - expected| <= atol + rtol * |expected| elementwise (numpy.allclose), and reports
 * the worst index when it fails so a mismatch is diagnosable from the test output.
 */
export function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: { rtol?: number; atol?: number }): void {
  const { rtol = 0, atol = 0 } = tol;
  expect(actual.length).toBe(expected.length);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const excess = Math.abs(a - e) - (atol + rtol * Math.abs(e));
    if (!(excess <= 0) && (worst < 0 || excess > worstExcess || Number.isNaN(excess))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    throw new Error(`arrays differ beyond atol=${atol}, rtol=${rtol}: at index ${worst} actual ${actual[worst]} expected ${expected[worst]}`);
  }
}

/** Largest |x| in an array, to express tolerances relative to a signal's scale. */
export function peak(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]!));
  return m;
}
