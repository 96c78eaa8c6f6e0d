import { createRng } from '@seisdec/cluster';

export interface BlobSpec {
  nRows: number;
  dim: number;
  centres: number;
  /** Centres are uniform in [-box, box]^dim. */
  box: number;
  /** Per-blob isotropic standard deviations are uniform in [stdMin, stdMax]. */
  stdMin: number;
  stdMax: number;
  seed: number;
}

/**
 * Gaussian blobs (like sklearn.datasets.make_blobs, but from our seeded PRNG so the TypeScript
 * side generates the data and Python reads the identical Float32 bytes).
 */
export function gaussianBlobs(spec: BlobSpec): { data: Float32Array; truth: Int32Array } {
  const rng = createRng(spec.seed);
  const centres = new Float64Array(spec.centres * spec.dim);
  for (let i = 0; i < centres.length; i++) centres[i] = (2 * rng.nextFloat() - 1) * spec.box;
  const stds = Array.from({ length: spec.centres }, () => spec.stdMin + (spec.stdMax - spec.stdMin) * rng.nextFloat());
  const data = new Float32Array(spec.nRows * spec.dim);
  const truth = new Int32Array(spec.nRows);
  for (let i = 0; i < spec.nRows; i++) {
    const blob = rng.nextInt(spec.centres);
    truth[i] = blob;
    const std = stds[blob] as number;
    for (let c = 0; c < spec.dim; c++) data[i * spec.dim + c] = (centres[blob * spec.dim + c] as number) + std * gaussian(rng);
  }
  return { data, truth };
}

/** Standard normal deviate by Box-Muller (one of the pair is discarded for simplicity). */
function gaussian(rng: ReturnType<typeof createRng>): number {
  const u = 1 - rng.nextFloat();
  const v = rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
