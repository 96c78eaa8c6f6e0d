import { ApplicationFailure, defineQuery, setHandler } from '@temporalio/workflow';
import { formatIssues, KSweepInputSchema, TASK_QUEUES, type KSweepInput, type SweepPointResult } from '@seisdec/contracts';
import { clusterActivities } from './queues';
import { markRun } from './search-attributes';

export const kSweepProgressQuery = defineQuery<{ k: number; restartsDone: number; restarts: number; scored: boolean }>('progress');

/**
 * One k of the sweep (`ksweep/<runId>/k=<k>`): its k-means restarts run as parallel activities of
 * `restartsPerActivity` restarts each, the lowest inertia wins, and the winner is scored
 * (Calinski-Harabasz, silhouette, Davies-Bouldin). Restart seeds derive from the run seed and k,
 * so a rerun reproduces the same centres (and reuses them from the cache).
 */
export async function kSweep(rawInput: KSweepInput): Promise<SweepPointResult> {
  const parsed = KSweepInputSchema.safeParse(rawInput);
  if (!parsed.success) throw ApplicationFailure.nonRetryable(`invalid kSweep input: ${formatIssues(parsed.error)}`, 'InvalidInput');
  const input = parsed.data;
  const cluster = clusterActivities(input.clusterTaskQueue ?? TASK_QUEUES.cluster);
  const seeds = Array.from({ length: input.restarts }, (_, i) => input.seed * 1_000_003 + input.k * 1_009 + i);
  const chunks: number[][] = [];
  for (let i = 0; i < seeds.length; i += input.restartsPerActivity) chunks.push(seeds.slice(i, i + input.restartsPerActivity));

  let restartsDone = 0;
  let scored = false;
  setHandler(kSweepProgressQuery, () => ({ k: input.k, restartsDone, restarts: input.restarts, scored }));
  markRun({ stage: 'ksweep', status: 'running' });

  const runs = await Promise.all(
    chunks.map(async (chunk) => {
      const result = await cluster.kmeansRestarts({ latent: input.latent, k: input.k, seeds: chunk, force: input.force });
      restartsDone += chunk.length;
      return result;
    }),
  );
  const best = runs.reduce((a, b) => (b.inertia < a.inertia ? b : a));
  const score = await cluster.scoreClustering({
    latent: input.latent,
    k: input.k,
    centroidsKey: best.centroidsKey,
    silhouetteSample: input.silhouetteSample,
    seed: input.seed,
    force: input.force,
  });
  scored = true;
  markRun({ stage: 'done', status: 'completed' });
  return {
    k: input.k,
    inertia: score.inertia,
    calinskiHarabasz: score.calinskiHarabasz,
    silhouette: score.silhouette,
    daviesBouldin: score.daviesBouldin,
    centroidsKey: best.centroidsKey,
  };
}
