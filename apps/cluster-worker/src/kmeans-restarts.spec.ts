import { MockActivityEnvironment } from '@temporalio/testing';
import { kmeans } from '@seisdec/cluster';
import type { TensorRef } from '@seisdec/contracts';
import { getTensor, putTensor } from '@seisdec/store';
import { kmeansRestarts } from './kmeans-restarts';
import { putLatent } from './testing/latent';
import { rejectionOf, tempStore } from './testing/temp-store';

const K = 6;
const SEEDS = [101, 102, 103, 104, 105, 106, 107, 108];
let env: Awaited<ReturnType<typeof tempStore>>;
let latent: { ref: TensorRef; data: Float32Array };
/** Each seed's inertia and centroids from a separate single k-means run. */
let singles: { seed: number; inertia: number; centroids: Float64Array }[];

beforeAll(async () => {
  env = await tempStore();
  latent = await putLatent(env.store, 'latent/blobs.f32', { rows: 400, dim: 6, blobs: 7, spread: 0.9 });
  singles = SEEDS.map((seed) => {
    const r = kmeans(latent.data, 400, 6, { k: K, nInit: 1, seed, maxIter: 300, tol: 1e-4 });
    return { seed, inertia: r.inertia, centroids: r.centroids };
  });
});
afterAll(() => env.cleanup());

describe('kmeansRestarts', () => {
  it('returns the seed whose single run has the lowest inertia, and stores its centroids as float32 [k, d]', async () => {
    // The data must make seeds disagree, or "best of" would be untested.
    expect(new Set(singles.map((s) => s.inertia.toFixed(6))).size).toBeGreaterThan(1);
    const best = singles.reduce((a, b) => (b.inertia < a.inertia ? b : a));
    expect(best.seed).not.toBe(SEEDS[0]); // keeping the first run would not pass

    const result = await kmeansRestarts(env.store, { latent: latent.ref, k: K, seeds: SEEDS });
    expect(result.reused).toBe(false);
    expect(result.seed).toBe(best.seed);
    expect(result.inertia).toBeCloseTo(best.inertia, 9);
    expect((await env.store.stat(result.centroidsKey))?.size).toBe(K * 6 * 4);
    const stored = await getTensor(env.store, { key: result.centroidsKey, dtype: 'float32', shape: [K, 6] });
    expect(Array.from(stored)).toEqual(Array.from(Float32Array.from(best.centroids)));
  });

  it('is cached on latent key, k, seeds, maxIter and tol', async () => {
    const first = await kmeansRestarts(env.store, { latent: latent.ref, k: K, seeds: SEEDS });
    expect(first.reused).toBe(true);
    const again = await kmeansRestarts(env.store, { latent: latent.ref, k: K, seeds: SEEDS, maxIter: 300, tol: 1e-4 });
    expect(again).toEqual(first);

    const otherSeeds = await kmeansRestarts(env.store, { latent: latent.ref, k: K, seeds: SEEDS.slice(0, 3) });
    const otherTol = await kmeansRestarts(env.store, { latent: latent.ref, k: K, seeds: SEEDS, tol: 1e-3 });
    const otherK = await kmeansRestarts(env.store, { latent: latent.ref, k: K - 1, seeds: SEEDS });
    const keys = [first.centroidsKey, otherSeeds.centroidsKey, otherTol.centroidsKey, otherK.centroidsKey];
    expect(new Set(keys).size).toBe(4);
    expect([otherSeeds.reused, otherTol.reused, otherK.reused]).toEqual([false, false, false]);

    const forced = await kmeansRestarts(env.store, { latent: latent.ref, k: K, seeds: SEEDS, force: true });
    expect(forced).toEqual({ ...first, reused: false });
  });

  it('heartbeats once per restart with the best so far', async () => {
    const activity = new MockActivityEnvironment();
    const beats: unknown[] = [];
    activity.on('heartbeat', (d: unknown) => beats.push(d));
    await activity.run(kmeansRestarts, env.store, { latent: latent.ref, k: K, seeds: SEEDS.slice(0, 4), force: true });
    expect(beats.map((b) => (b as { done: number }).done)).toEqual([1, 2, 3, 4]);
    const bestOfFour = singles.slice(0, 4).reduce((a, b) => (b.inertia < a.inertia ? b : a));
    expect(beats[3]).toEqual({ done: 4, best: { seed: bestOfFour.seed, inertia: bestOfFour.inertia } });
  });

  it('a retried attempt resumes after the last heartbeat and returns the same result', async () => {
    const bestOfFive = singles.slice(0, 5).reduce((a, b) => (b.inertia < a.inertia ? b : a));
    const activity = new MockActivityEnvironment({ heartbeatDetails: { done: 5, best: { seed: bestOfFive.seed, inertia: bestOfFive.inertia } } });
    const beats: unknown[] = [];
    activity.on('heartbeat', (d: unknown) => beats.push(d));
    const resumed = await activity.run(kmeansRestarts, env.store, { latent: latent.ref, k: K, seeds: SEEDS, force: true });
    expect(beats.map((b) => (b as { done: number }).done)).toEqual([6, 7, 8]);
    const fresh = await kmeansRestarts(env.store, { latent: latent.ref, k: K, seeds: SEEDS });
    expect(resumed).toEqual({ ...fresh, reused: false });
  });

  it('stops between restarts when the activity is cancelled', async () => {
    const activity = new MockActivityEnvironment();
    activity.on('heartbeat', () => activity.cancel());
    const error = await rejectionOf(activity.run(kmeansRestarts, env.store, { latent: latent.ref, k: K, seeds: SEEDS, force: true }));
    expect(error.name).toBe('CancelledFailure');
  });

  it('rejects bad input non-retryably, naming the field', async () => {
    const tooFew = await rejectionOf(kmeansRestarts(env.store, { latent: latent.ref, k: 401, seeds: [1] }));
    expect(tooFew).toMatchObject({ nonRetryable: true, type: 'InvalidInput' });
    expect(tooFew.message).toMatch(/k: 401 clusters requested but latent latent\/blobs\.f32 has only 400 rows/);

    const ints = await putTensor(env.store, 'latent/ints.i32', new Int32Array(8), [4, 2]);
    const wrongType = await rejectionOf(kmeansRestarts(env.store, { latent: ints, k: 2, seeds: [1] }));
    expect(wrongType.message).toMatch(/latent: expected a float32 \[rows, cols\] tensor, got int32 \[4, 2\]/);

    const truncated = await rejectionOf(kmeansRestarts(env.store, { latent: { ...latent.ref, shape: [401, 6] }, k: 2, seeds: [1] }));
    expect(truncated.message).toMatch(/latent: object latent\/blobs\.f32 holds 9600 bytes, expected 9624/);

    const missing = await rejectionOf(kmeansRestarts(env.store, { latent: { ...latent.ref, key: 'latent/none.f32' }, k: 2, seeds: [1] }));
    expect(missing).toMatchObject({ nonRetryable: true });
    expect(missing.message).toMatch(/latent: object latent\/none\.f32 does not exist/);

    const noSeeds = await rejectionOf(kmeansRestarts(env.store, { latent: latent.ref, k: 2, seeds: [] }));
    expect(noSeeds.message).toMatch(/kmeansRestarts: invalid input: seeds/);

    const constant = await putTensor(env.store, 'latent/constant.f32', new Float32Array(20).fill(1), [10, 2]);
    const degenerate = await rejectionOf(kmeansRestarts(env.store, { latent: constant, k: 2, seeds: [1] }));
    expect(degenerate).toMatchObject({ nonRetryable: true });
    expect(degenerate.message).toMatch(/k-means \(k = 2, seed 1\) on latent\/constant\.f32: .*identical/);
  });
});
