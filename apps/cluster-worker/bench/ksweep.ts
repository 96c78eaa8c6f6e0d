/**
 * k-sweep benchmark: the cluster activities as the k-sweep children call them, on synthetic latent
 * vectors of the default slope-hazard size (64-d), for k = 2..15 with 20 restarts per k in 4
 * activities of 5 (ClusterSettings defaults) and a 5,000-row silhouette sample. Runs sequentially
 * on one core: the workflow runs these activities in parallel across worker slots.
 *
 *   npx tsx apps/cluster-worker/bench/ksweep.ts [--rows N]...
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FsBlobStore } from '@seisdec/store';
import { kmeansRestarts } from '../src/kmeans-restarts';
import { scoreClustering } from '../src/score-clustering';
import { putLatent } from '../src/testing/latent';

const rowsList = process.argv.includes('--rows') ? process.argv.slice(process.argv.indexOf('--rows') + 1).map(Number) : [2000, 10000];

async function main(): Promise<void> {
  const root = await mkdtemp(path.join(tmpdir(), 'seisdec-ksweep-bench-'));
  const store = new FsBlobStore(root);
  console.log('k-sweep, k = 2..15, 20 restarts per k (4 activities x 5 seeds), silhouette sample 5000, 64-d latent, one core:');
  for (const rows of rowsList) {
    const { ref } = await putLatent(store, `latent-${rows}.f32`, { rows, dim: 64, blobs: 6, spread: 0.8 });
    let restartSeconds = 0;
    let scoreSeconds = 0;
    let restartCpu = 0;
    let scoreCpu = 0;
    for (let k = 2; k <= 15; k++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const runs = [];
      for (let a = 0; a < 4; a++) runs.push(await kmeansRestarts(store, { latent: ref, k, seeds: Array.from({ length: 5 }, (_, i) => 1000 * k + 5 * a + i) }));
      const best = runs.reduce((x, y) => (y.inertia < x.inertia ? y : x));
      const t1 = performance.now();
      const c1 = process.cpuUsage();
      await scoreClustering(store, { latent: ref, k, centroidsKey: best.centroidsKey, silhouetteSample: 5000, seed: 42 });
      const t2 = performance.now();
      const c2 = process.cpuUsage();
      restartSeconds += (t1 - t0) / 1000;
      scoreSeconds += (t2 - t1) / 1000;
      restartCpu += cpuSeconds(c0, c1);
      scoreCpu += cpuSeconds(c1, c2);
    }
    console.log(
      `  N = ${String(rows).padStart(6)}: k-means restarts ${restartSeconds.toFixed(2)} s wall / ${restartCpu.toFixed(2)} s CPU, ` +
        `scores ${scoreSeconds.toFixed(2)} s wall / ${scoreCpu.toFixed(2)} s CPU (14 values of k)`,
    );
    const t = performance.now();
    await kmeansRestarts(store, { latent: ref, k: 8, seeds: [8000, 8001, 8002, 8003, 8004] });
    console.log(`  N = ${String(rows).padStart(6)}: a cached kmeansRestarts call returns in ${(performance.now() - t).toFixed(1)} ms`);
  }
  await rm(root, { recursive: true, force: true });
}

function cpuSeconds(from: NodeJS.CpuUsage, to: NodeJS.CpuUsage): number {
  return (to.user - from.user + to.system - from.system) / 1e6;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
