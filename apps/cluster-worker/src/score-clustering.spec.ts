import { calinskiHarabasz, daviesBouldin, kmeans, silhouetteScore } from '@seisdec/cluster';
import type { TensorRef } from '@seisdec/contracts';
import { getTensor, putTensor } from '@seisdec/store';
import { kmeansRestarts } from './kmeans-restarts';
import { nearestCentroid, scoreClustering } from './score-clustering';
import { putLatent } from './testing/latent';
import { rejectionOf, tempStore } from './testing/temp-store';

const ROWS = 300;
const DIM = 5;
let env: Awaited<ReturnType<typeof tempStore>>;
let latent: { ref: TensorRef; data: Float32Array };

beforeAll(async () => {
  env = await tempStore();
  latent = await putLatent(env.store, 'latent/score.f32', { rows: ROWS, dim: DIM, blobs: 4, spread: 0.5 });
});
afterAll(() => env.cleanup());

/** Nearest-centroid labels computed independently of the activity (double precision, brute force). */
function referenceLabels(data: Float32Array, centroids: Float32Array, k: number): Int32Array {
  return Int32Array.from({ length: ROWS }, (_, i) => {
    const distances = Array.from({ length: k }, (_, j) => {
      let d2 = 0;
      for (let c = 0; c < DIM; c++) d2 += (data[i * DIM + c]! - centroids[j * DIM + c]!) ** 2;
      return d2;
    });
    return distances.indexOf(Math.min(...distances));
  });
}

describe('scoreClustering', () => {
  it.each([3, 4, 6])('k = %i: inertia, CH, silhouette (exact and sampled) and DB match @seisdec/cluster on the nearest-centroid labels', async (k) => {
    const { centroidsKey } = await kmeansRestarts(env.store, { latent: latent.ref, k, seeds: [1, 2, 3] });
    const centroids = await getTensor(env.store, { key: centroidsKey, dtype: 'float32', shape: [k, DIM] });
    const labels = referenceLabels(latent.data, centroids, k);

    const exact = await scoreClustering(env.store, { latent: latent.ref, k, centroidsKey, silhouetteSample: 0, seed: 5 });
    let inertia = 0;
    for (let i = 0; i < ROWS; i++) for (let c = 0; c < DIM; c++) inertia += (latent.data[i * DIM + c]! - centroids[labels[i]! * DIM + c]!) ** 2;
    expect(exact).toEqual({
      k,
      inertia: expect.closeTo(inertia, 6),
      calinskiHarabasz: calinskiHarabasz(latent.data, ROWS, DIM, labels),
      silhouette: silhouetteScore(latent.data, ROWS, DIM, labels),
      daviesBouldin: daviesBouldin(latent.data, ROWS, DIM, labels),
      reused: false,
    });

    const sampled = await scoreClustering(env.store, { latent: latent.ref, k, centroidsKey, silhouetteSample: 120, seed: 5 });
    expect(sampled.silhouette).toBe(silhouetteScore(latent.data, ROWS, DIM, labels, { sampleSize: 120, seed: 5 }));
    expect(sampled.silhouette).not.toBe(exact.silhouette);
    expect(sampled.calinskiHarabasz).toBe(exact.calinskiHarabasz);

    // A sample at least as large as the data means the exact score.
    const notSampled = await scoreClustering(env.store, { latent: latent.ref, k, centroidsKey, silhouetteSample: 5000, seed: 5 });
    expect(notSampled.silhouette).toBe(exact.silhouette);
  });

  it('labels agree with k-means on its own converged centres', () => {
    const run = kmeans(latent.data, ROWS, DIM, { k: 4, nInit: 1, seed: 3 });
    const { labels, inertia } = nearestCentroid(latent.data, ROWS, DIM, Float32Array.from(run.centroids), 4);
    expect(Array.from(labels)).toEqual(Array.from(run.labels));
    expect(inertia).toBeCloseTo(run.inertia, 3);
  });

  it('is cached on latent, k, centroids, sample size and seed', async () => {
    const { centroidsKey } = await kmeansRestarts(env.store, { latent: latent.ref, k: 4, seeds: [9] });
    const first = await scoreClustering(env.store, { latent: latent.ref, k: 4, centroidsKey, silhouetteSample: 100, seed: 1 });
    const again = await scoreClustering(env.store, { latent: latent.ref, k: 4, centroidsKey, silhouetteSample: 100, seed: 1 });
    expect(first.reused).toBe(false);
    expect(again).toEqual({ ...first, reused: true });
    const otherSeed = await scoreClustering(env.store, { latent: latent.ref, k: 4, centroidsKey, silhouetteSample: 100, seed: 2 });
    expect(otherSeed.reused).toBe(false);
    expect(otherSeed.silhouette).not.toBe(first.silhouette);
  });

  it('rejects centroids that do not fit, and a partition with one cluster, non-retryably', async () => {
    const wrongSize = await rejectionOf(scoreClustering(env.store, { latent: latent.ref, k: 3, centroidsKey: (await kmeansRestarts(env.store, { latent: latent.ref, k: 4, seeds: [1] })).centroidsKey, silhouetteSample: 0, seed: 0 }));
    expect(wrongSize).toMatchObject({ nonRetryable: true, type: 'InvalidInput' });
    expect(wrongSize.message).toMatch(/centroidsKey: object .* holds 80 bytes, expected 60 for float32 \[3, 5\]/);

    // Two centres, one of them far away from every point: all rows pick the other one.
    const far = Float32Array.from({ length: 2 * DIM }, (_, i) => (i < DIM ? 2 : 1e6));
    const { key } = await putTensor(env.store, 'centroids/far.f32', far, [2, DIM]);
    const oneCluster = await rejectionOf(scoreClustering(env.store, { latent: latent.ref, k: 2, centroidsKey: key, silhouetteSample: 0, seed: 0 }));
    expect(oneCluster).toMatchObject({ nonRetryable: true });
    expect(oneCluster.message).toMatch(/every one of the 300 latent rows is nearest to the same centroid/);
  });
});
