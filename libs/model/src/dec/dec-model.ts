import type { BlobStore } from '@seisdec/store';
import { architectureSchema, type Architecture } from '../architecture/architecture';
import { buildAutoencoder, type Autoencoder } from '../architecture/build-autoencoder';
import type { SampleSource } from '../data/sample-source';
import { blobStoreIO, joinKey, loadWeightsInto } from '../io/blob-store-io';
import { disposeAutoencoder } from '../training/dispose-autoencoder';
import { embed, type ChunkOptions } from '../training/predict';
import { argmaxRows, DEFAULT_CLUSTER_KERNELS, type ClusterKernels } from './cluster-kernels';

/** A fine-tuned clustering model: the autoencoder plus the clustering layer's centres. */
export interface DecModel {
  model: Autoencoder;
  /** k x latentDim row-major. */
  centroids: Float32Array;
  k: number;
  alpha: number;
}

interface DecModelJson {
  version: 1;
  architecture: Architecture;
  k: number;
  alpha: number;
  centroids: number[];
}

/**
 * Saves `<prefix>/autoencoder/{model.json,weights.bin}` (tfjs format through the BlobStore) and
 * `<prefix>/dec.json` (architecture, k, alpha, centres), the latter last.
 */
export async function saveDecModel(store: BlobStore, prefix: string, dec: DecModel): Promise<void> {
  if (dec.centroids.length !== dec.k * dec.model.architecture.latentDim) {
    throw new RangeError(`centroids: expected k x latentDim = ${dec.k * dec.model.architecture.latentDim} values, got ${dec.centroids.length}`);
  }
  await dec.model.autoencoder.save(blobStoreIO(store, joinKey(prefix, 'autoencoder')));
  const json: DecModelJson = { version: 1, architecture: dec.model.architecture, k: dec.k, alpha: dec.alpha, centroids: Array.from(dec.centroids) };
  await store.put(joinKey(prefix, 'dec.json'), JSON.stringify(json));
}

/** Rebuilds a model saved by {@link saveDecModel}; the caller owns it (release with disposeAutoencoder). */
export async function loadDecModel(store: BlobStore, prefix: string): Promise<DecModel> {
  const json = JSON.parse((await store.get(joinKey(prefix, 'dec.json'))).toString('utf8')) as DecModelJson;
  if (json.version !== 1) throw new Error(`${prefix}/dec.json: unsupported version ${String(json.version)}`);
  const model = buildAutoencoder(architectureSchema.parse(json.architecture));
  try {
    await loadWeightsInto(model.autoencoder, blobStoreIO(store, joinKey(prefix, 'autoencoder')));
  } catch (error) {
    disposeAutoencoder(model); // not handed to the caller: released here
    throw error;
  }
  return { model, centroids: Float32Array.from(json.centroids), k: json.k, alpha: json.alpha };
}

/** Cluster labels, soft assignments (count x k) and embeddings of new samples, in chunks. */
export async function predictClusters(
  dec: DecModel,
  source: SampleSource,
  options: ChunkOptions & { kernels?: ClusterKernels } = {},
): Promise<{ labels: Int32Array; q: Float64Array; embeddings: Float32Array }> {
  const kernels = options.kernels ?? DEFAULT_CLUSTER_KERNELS;
  const dim = dec.model.architecture.latentDim;
  const embeddings = await embed(dec.model.encoder, source, options);
  const q = kernels.studentTAssignment(embeddings, source.count, dim, Float64Array.from(dec.centroids), dec.k, { alpha: dec.alpha });
  return { labels: argmaxRows(q, source.count, dec.k), q, embeddings };
}
