import { TASK_QUEUES } from '@seisdec/contracts';
import { createBlobStore } from '@seisdec/store';
import { runWorkerService } from '@seisdec/worker-runtime';
import { createClusterActivities } from './activities';

/** The cluster service: polls `seisdec-cluster` and runs k-means restarts, k-selection scores and the report. */
export function main(): Promise<void> {
  return runWorkerService({
    service: 'cluster-worker',
    taskQueue: TASK_QUEUES.cluster,
    activities: ({ store }) => createClusterActivities({ store: createBlobStore(store) }),
  });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`cluster-worker: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
