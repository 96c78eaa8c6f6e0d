import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Shape of tools/fixtures/cluster/sklearn-fixtures.json (written by make_fixtures.py). */
export interface SklearnDataSet {
  name: string;
  nRows: number;
  nCols: number;
  data: number[];
  labelings: Record<string, number[]>;
  scores: Record<string, { calinskiHarabasz: number; silhouette: number; daviesBouldin: number }>;
  pairs: Array<{ a: string; b: string; nmi: number; ari: number }>;
  kmeans: Array<{ k: number; nInit: number; inertia: number }>;
}

export interface SklearnFixtures {
  generator: string;
  versions: Record<string, string>;
  dataSets: SklearnDataSet[];
}

/** Loads the committed scikit-learn fixtures (test-only helper). */
export function loadSklearnFixtures(): SklearnFixtures {
  const path = join(__dirname, '../../../../tools/fixtures/cluster/sklearn-fixtures.json');
  return JSON.parse(readFileSync(path, 'utf8')) as SklearnFixtures;
}

/** |actual - expected| <= rtol * |expected| (with a tiny absolute floor for values at 0). */
export function expectClose(actual: number, expected: number, rtol: number): void {
  const tolerance = Math.max(rtol * Math.abs(expected), 1e-12);
  if (!(Math.abs(actual - expected) <= tolerance)) {
    throw new Error(`expected ${actual} to be within ${rtol} relative of ${expected}`);
  }
}
