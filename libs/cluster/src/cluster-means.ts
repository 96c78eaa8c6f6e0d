/** Per-cluster means (nLabels x nCols row-major) and sizes for dense codes 0..nLabels-1. */
export function clusterMeans(x: Float32Array | Float64Array, nRows: number, nCols: number, codes: Int32Array, nLabels: number): { means: Float64Array; sizes: Int32Array } {
  const means = new Float64Array(nLabels * nCols);
  const sizes = new Int32Array(nLabels);
  for (let i = 0; i < nRows; i++) {
    const code = codes[i] as number;
    sizes[code] = (sizes[code] as number) + 1;
    const mo = code * nCols;
    const xo = i * nCols;
    for (let c = 0; c < nCols; c++) means[mo + c] = (means[mo + c] as number) + (x[xo + c] as number);
  }
  for (let j = 0; j < nLabels; j++) {
    const size = sizes[j] as number;
    for (let c = 0; c < nCols; c++) means[j * nCols + c] = (means[j * nCols + c] as number) / size;
  }
  return { means, sizes };
}
