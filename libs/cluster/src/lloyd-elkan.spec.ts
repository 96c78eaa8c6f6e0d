import { kmeansPlusPlus, localTrials } from './kmeans-plus-plus';
import { lloydElkan } from './lloyd-elkan';
import { createRestartBuffers, restartBufferBytes } from './restart-buffers';
import { createRng } from './rng';
import { createRowDistance, type RowDistance } from './row-distance';

/** Overlapping Gaussian-ish blobs (many boundary rows, so every stage of the Elkan test is exercised). */
function blobs(nRows: number, dim: number, seed: number, single: boolean): Float32Array | Float64Array {
  const rng = createRng(seed);
  const centres = Array.from({ length: 3 * dim }, () => 4 * rng.nextFloat());
  const data = single ? new Float32Array(nRows * dim) : new Float64Array(nRows * dim);
  for (let i = 0; i < nRows; i++) {
    const blob = rng.nextInt(3);
    for (let c = 0; c < dim; c++) data[i * dim + c] = (centres[blob * dim + c] as number) + 3 * (rng.nextFloat() + rng.nextFloat() - 1);
  }
  return data;
}

function run(kernel: RowDistance, nRows: number, dim: number, k: number, maxIter: number, seed: number) {
  const buffers = createRestartBuffers(nRows, k, dim, maxIter, kernel);
  const seeding = kmeansPlusPlus(kernel, nRows, dim, k, createRng(seed), buffers);
  const state = { centroids: seeding.centroids, labels: seeding.nearest, upper: seeding.nearestDistance, lower: seeding.lowerBounds };
  const result = lloydElkan(kernel, nRows, dim, k, state, maxIter, 0, buffers);
  return { ...result, labels: Array.from(state.labels), centroids: Array.from(state.centroids) };
}

describe('lloydElkan', () => {
  it.each([
    ['Float32', true],
    ['Float64', false],
  ] as const)('the WebAssembly pass gives exactly the labels, centres and iterations of the JS pass (%s data)', (_name, single) => {
    const [nRows, dim, maxIter] = [600, 12, 100];
    const data = blobs(nRows, dim, 5, single);
    for (const k of [2, 5, 9]) {
      const bytes = restartBufferBytes(nRows, k, dim, maxIter);
      const wasm = createRowDistance(data, dim, k + localTrials(k), false, bytes);
      expect(wasm.wasm).toBeDefined();
      const js: RowDistance = { ...createRowDistance(data, dim, k + localTrials(k), false, bytes), wasm: undefined };
      const a = run(wasm, nRows, dim, k, maxIter, k);
      const b = run(js, nRows, dim, k, maxIter, k);
      expect(a.iterations).toBeGreaterThan(2);
      expect(a).toEqual(b);
    }
  });
});
