import { kmeans } from '@seisdec/cluster';
import { KmeansRestartsInputSchema, type KmeansRestartsInput, type KmeansRestartsResult } from '@seisdec/contracts';
import { cachedStage, putTensor, type BlobStore } from '@seisdec/store';
import { checkpoint, heartbeat, lastHeartbeat } from './activity-context';
import { invalidInput, numericStep, parseInput } from './failures';
import { readFloat32Matrix } from './tensors';

/** Bump when the centroids written for the same inputs change (kernel semantics, output layout). */
const STAGE_VERSION = 1;

/** Heartbeat details: restarts finished so far and the best one among them. */
interface RestartProgress {
  done: number;
  best?: { seed: number; inertia: number };
}

/**
 * k-means with one k-means++ seeded run per seed, keeping the lowest inertia (ties: the earlier
 * seed). The best centroids are written as a float32 [k, d] tensor under the stage's content
 * address, which is what DEC fine-tuning reads as its initial cluster centres.
 *
 * A retried attempt resumes after the last heartbeat: it re-runs only the best seed so far (runs
 * are deterministic, so that reproduces its centroids) and the seeds not yet tried.
 */
export async function kmeansRestarts(store: BlobStore, rawInput: KmeansRestartsInput): Promise<KmeansRestartsResult> {
  const input = parseInput(KmeansRestartsInputSchema, rawInput, 'kmeansRestarts');
  const { latent, k, seeds, maxIter, tol, force } = input;
  return cachedStage(
    store,
    { name: 'kmeans-restarts', version: STAGE_VERSION, inputs: { latent: { key: latent.key, shape: latent.shape }, k, seeds, maxIter, tol }, force },
    async (prefix) => {
      const x = await readFloat32Matrix(store, latent, 'latent');
      if (k > x.rows) throw invalidInput(`k: ${k} clusters requested but latent ${latent.key} has only ${x.rows} rows`);

      const resumed = resumePoint(lastHeartbeat(), seeds);
      let best: { seed: number; inertia: number; iterations: number; centroids: Float64Array } | undefined;
      const run = (seed: number) =>
        numericStep(`k-means (k = ${k}, seed ${seed}) on ${latent.key}`, () => kmeans(x.data, x.rows, x.cols, { k, nInit: 1, maxIter, tol, seed, init: 'k-means++' }));
      const consider = (seed: number, result: ReturnType<typeof run>) => {
        if (best === undefined || result.inertia < best.inertia) best = { seed, inertia: result.inertia, iterations: result.iterations, centroids: result.centroids };
      };

      if (resumed.best) consider(resumed.best.seed, run(resumed.best.seed));
      for (let i = resumed.done; i < seeds.length; i++) {
        const seed = seeds[i]!;
        consider(seed, run(seed));
        const progress: RestartProgress = { done: i + 1, best: { seed: best!.seed, inertia: best!.inertia } };
        heartbeat(progress);
        await checkpoint();
      }
      const chosen = best!;
      const centroids = await putTensor(store, `${prefix}/centroids.f32`, Float32Array.from(chosen.centroids), [k, x.cols]);
      return { centroidsKey: centroids.key, inertia: chosen.inertia, seed: chosen.seed, iterations: chosen.iterations };
    },
  );
}

/** Where a retried attempt starts; heartbeat details that do not fit this input are ignored. */
function resumePoint(details: unknown, seeds: number[]): RestartProgress {
  const d = details as Partial<RestartProgress> | undefined;
  if (!d || !Number.isInteger(d.done) || d.done! < 1 || d.done! > seeds.length || !d.best || !seeds.slice(0, d.done).includes(d.best.seed)) return { done: 0 };
  return { done: d.done!, best: d.best };
}
