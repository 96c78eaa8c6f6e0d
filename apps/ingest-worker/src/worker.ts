import { z } from 'zod';
import { TASK_QUEUES } from '@seisdec/contracts';
import { createBlobStore } from '@seisdec/store';
import { runWorkerService } from '@seisdec/worker-runtime';
import { createStagingActivities } from './activities';
import { createIngestActivities } from './ingest-activities';

/** Task queue override (tenants, tests: the workflow's `taskQueues.ingest`); default TASK_QUEUES.ingest. */
const IngestEnvSchema = z.object({ SEISDEC_INGEST_TASK_QUEUE: z.string().min(1).default(TASK_QUEUES.ingest) });

/**
 * The ingest service: polls `seisdec-ingest` and runs archive staging (listLocalArchive,
 * uploadArchiveBatch) and decoding (planIngest, ingestStationDay) activities.
 */
export function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { SEISDEC_INGEST_TASK_QUEUE: taskQueue } = IngestEnvSchema.parse(env);
  return runWorkerService(
    {
      service: 'ingest-worker',
      taskQueue,
      activities: ({ store }) => {
        const blobStore = createBlobStore(store);
        return { ...createStagingActivities({ store: blobStore }), ...createIngestActivities({ store: blobStore }) };
      },
    },
    env,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`ingest-worker: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
