import { calinskiHarabasz, daviesBouldin, silhouetteScore } from '@seisdec/cluster';
import { ScoreInputSchema, type ScoreInput, type SweepPointResult } from '@seisdec/contracts';
import { cachedStage, type BlobStore } from '@seisdec/store';
import { checkpoint, heartbeat } from './activity-context';
import { invalidInput, numericStep, parseInput } from './failures';
import { readFloat32Values, readFloat32Matrix } from './tensors';

const STAGE_VERSION = 1;

export type ScoreResult = Omit<SweepPointResult, 'centroidsKey'> & { reused: boolean };

/**
 * Scores one k of the sweep: every latent row is labelled by its nearest centroid (squared
 * Euclidean, ties to the lower index), then inertia, Calinski-Harabasz, silhouette and
 * Davies-Bouldin are computed on that partition with @seisdec/cluster. Silhouette uses a seeded
 * uniform subset of `silhouetteSample` rows when 0 < silhouetteSample < N, all rows otherwise.
 */
export async function scoreClustering(store: BlobStore, rawInput: ScoreInput): Promise<ScoreResult> {
  const input = parseInput(ScoreInputSchema, rawInput, 'scoreClustering');
  const { latent, k, centroidsKey, silhouetteSample, seed, force } = input;
  if (k < 2) throw invalidInput(`k: expected an integer >= 2, got ${k}`);
  if (silhouetteSample < 0) throw invalidInput(`silhouetteSample: expected 0 (exact) or a positive sample size, got ${silhouetteSample}`);
  return cachedStage(
    store,
    { name: 'score-clustering', version: STAGE_VERSION, inputs: { latent: { key: latent.key, shape: latent.shape }, k, centroidsKey, silhouetteSample, seed }, force },
    async () => {
      const x = await readFloat32Matrix(store, latent, 'latent');
      const centroids = await readFloat32Values(store, centroidsKey, k * x.cols, 'centroidsKey', [k, x.cols]);
      const { labels, inertia } = nearestCentroid(x.data, x.rows, x.cols, centroids, k);
      const distinct = new Set(labels).size;
      if (distinct < 2) throw invalidInput(`centroidsKey ${centroidsKey}: every one of the ${x.rows} latent rows is nearest to the same centroid; scores need at least 2 clusters`);
      const where = `k = ${k}, latent ${latent.key}, centroids ${centroidsKey}`;

      const ch = numericStep(`Calinski-Harabasz (${where})`, () => calinskiHarabasz(x.data, x.rows, x.cols, labels));
      heartbeat({ scored: 'calinskiHarabasz' });
      await checkpoint();
      const sampleSize = silhouetteSample > 0 && silhouetteSample < x.rows ? silhouetteSample : x.rows;
      const silhouette = numericStep(`silhouette (${where}, sample ${sampleSize})`, () => silhouetteScore(x.data, x.rows, x.cols, labels, { sampleSize, seed }));
      heartbeat({ scored: 'silhouette' });
      await checkpoint();
      const db = numericStep(`Davies-Bouldin (${where})`, () => daviesBouldin(x.data, x.rows, x.cols, labels));
      return { k, inertia, calinskiHarabasz: finiteForJson(ch), silhouette, daviesBouldin: db };
    },
  );
}

/** Nearest-centroid labels and the inertia of that assignment. */
export function nearestCentroid(data: Float32Array, rows: number, cols: number, centroids: Float32Array, k: number): { labels: Int32Array; inertia: number } {
  const labels = new Int32Array(rows);
  let inertia = 0;
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let bestDistance = Infinity;
    let best = 0;
    for (let j = 0; j < k; j++) {
      const co = j * cols;
      let d2 = 0;
      for (let c = 0; c < cols; c++) {
        const d = data[o + c]! - centroids[co + c]!;
        d2 += d * d;
      }
      if (d2 < bestDistance) {
        bestDistance = d2;
        best = j;
      }
    }
    labels[i] = best;
    inertia += bestDistance;
  }
  return { labels, inertia };
}

/**
 * Calinski-Harabasz is +Infinity for a partition with zero within-cluster scatter; JSON (activity
 * payloads, the cache marker) has no Infinity, so it is carried as the largest double, which ranks
 * the same in selectK.
 */
function finiteForJson(value: number): number {
  return value === Infinity ? Number.MAX_VALUE : value;
}
