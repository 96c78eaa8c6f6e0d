// The generator itself lives in @seisdec/cluster (one sfc32 implementation for k-means and
// training); training adds the derivation of independent sub-stream seeds.
export { SeededRng } from '@seisdec/cluster';

/** Derives the seed of sub-stream `index` (one per layer, per phase) from a base seed. */
export function deriveSeed(seed: number, index: number): number {
  let z = (Math.imul((Math.trunc(seed) >>> 0) ^ 0x5bd1e995, 0x9e3779b1) + Math.imul(index + 1, 0x85ebca6b)) | 0;
  z = Math.imul(z ^ (z >>> 15), 0x2c1b3c6d);
  z = Math.imul(z ^ (z >>> 12), 0x297a2d39);
  return (z ^ (z >>> 15)) >>> 0;
}
