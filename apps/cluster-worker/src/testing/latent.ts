import { createRng } from '@seisdec/cluster';
import type { TensorRef } from '@seisdec/contracts';
import { putTensor, type BlobStore } from '@seisdec/store';

/**
 * Latent-like data: `rows` points in `dim` dimensions around `blobs` Gaussian centres whose spread
 * (`spread` x the centre spacing) makes the blobs overlap, so k-means from different seeds lands in
 * different local minima. Written as a float32 [rows, dim] tensor.
 */
export async function putLatent(
  store: BlobStore,
  key: string,
  { rows = 400, dim = 6, blobs = 5, spread = 0.6, seed = 11 }: { rows?: number; dim?: number; blobs?: number; spread?: number; seed?: number } = {},
): Promise<{ ref: TensorRef; data: Float32Array; truth: Int32Array }> {
  const rng = createRng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
  const centres = Array.from({ length: blobs * dim }, () => 4 * rng.nextFloat());
  const data = new Float32Array(rows * dim);
  const truth = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const b = rng.nextInt(blobs);
    truth[i] = b;
    for (let c = 0; c < dim; c++) data[i * dim + c] = centres[b * dim + c]! + spread * 4 * gauss() * 0.25;
  }
  return { ref: await putTensor(store, key, data, [rows, dim]), data, truth };
}
