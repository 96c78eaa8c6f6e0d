import type { ClusterActivities } from '@seisdec/contracts';
import type { BlobStore } from '@seisdec/store';
import { kmeansRestarts } from './kmeans-restarts';
import { writeReport } from './report/write-report';
import { scoreClustering } from './score-clustering';
import { selectK } from './select-k';

export interface ClusterDeps {
  /** Latent vectors, centroids, cached scores and reports (MinIO in deployments). */
  store: BlobStore;
}

/** Cluster-service activities (k-means restarts, k-selection scores, report), built from their dependencies. */
export function createClusterActivities({ store }: ClusterDeps): ClusterActivities {
  return {
    kmeansRestarts: (input) => kmeansRestarts(store, input),
    scoreClustering: (input) => scoreClustering(store, input),
    selectK: async (input) => selectK(input),
    writeReport: (input) => writeReport(store, input),
  };
}
