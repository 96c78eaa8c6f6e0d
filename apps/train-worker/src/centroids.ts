import { BlobNotFoundError, type BlobStore } from '@seisdec/store';
import { invalidInput } from './invalid-input';

/**
 * Reads the k x dim starting centres the cluster worker wrote at `centroidsKey`: a raw
 * little-endian row-major tensor object (the TensorRef storage format) without a reference
 * beside it, so the element type is told by the byte length: k*dim*4 bytes is float32 (the
 * contract's format), k*dim*8 bytes float64 (what a host-side k-means computes in). k is given,
 * so the two cannot be confused.
 */
export async function readCentroids(store: BlobStore, centroidsKey: string, k: number, dim: number): Promise<Float32Array | Float64Array> {
  let bytes: Buffer;
  try {
    bytes = await store.get(centroidsKey);
  } catch (error) {
    if (error instanceof BlobNotFoundError) throw invalidInput(`centroidsKey ${centroidsKey}: no such object in ${store.location}`);
    throw error;
  }
  const values = k * dim;
  let centroids: Float32Array | Float64Array;
  if (bytes.byteLength === values * 4) centroids = new Float32Array(values);
  else if (bytes.byteLength === values * 8) centroids = new Float64Array(values);
  else {
    throw invalidInput(
      `centroidsKey ${centroidsKey}: expected float32 [${k}, ${dim}] (${values * 4} bytes) or float64 (${values * 8} bytes) for k=${k} and the model's latent size ${dim}, found ${bytes.byteLength} bytes`,
    );
  }
  new Uint8Array(centroids.buffer).set(bytes); // copy: Buffer slices may be unaligned
  const bad = centroids.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw invalidInput(`centroidsKey ${centroidsKey}: value ${bad} (centre ${Math.floor(bad / dim)}) is ${centroids[bad]}`);
  return centroids;
}
