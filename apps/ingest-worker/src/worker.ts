import { TASK_QUEUES } from '@seisdec/contracts';
import { createBlobStore } from '@seisdec/store';
import { runWorkerService } from '@seisdec/worker-runtime';
import { createStagingActivities } from './activities';

/** The ingest service: polls `seisdec-ingest` and runs archive staging (and, later, decoding) activities. */
export function main(): Promise<void> {
  return runWorkerService({
    service: 'ingest-worker',
    taskQueue: TASK_QUEUES.ingest,
    activities: ({ store }) => createStagingActivities({ store: createBlobStore(store) }),
  });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`ingest-worker: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
