import { proxyActivities } from '@temporalio/workflow';
import type { ClusterActivities } from '@seisdec/contracts';

/**
 * Cluster-queue activities (k-means restarts, scores, k selection, report): minutes each;
 * k-means heartbeats per restart. Shared by the parent workflow and the k-sweep children.
 */
export const clusterActivities = (taskQueue: string) =>
  proxyActivities<ClusterActivities>({
    taskQueue,
    startToCloseTimeout: '2 hours',
    heartbeatTimeout: '10 minutes',
    retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 8 },
  });
