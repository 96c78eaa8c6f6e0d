import { z } from 'zod';
import { TASK_QUEUES } from '@seisdec/contracts';
import { createBlobStore } from '@seisdec/store';
import { runWorkerService } from '@seisdec/worker-runtime';
import { createFeaturiseActivities } from './featurise-activities';

/** Task queue override (tenants, tests: the workflow's `taskQueues.featurise`); default TASK_QUEUES.featurise. */
const FeaturiseEnvSchema = z.object({ SEISDEC_FEATURISE_TASK_QUEUE: z.string().min(1).default(TASK_QUEUES.featurise) });

/** The featurise service: polls `seisdec-featurise` and turns window shards into spectrogram shards and the dataset. */
export function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { SEISDEC_FEATURISE_TASK_QUEUE: taskQueue } = FeaturiseEnvSchema.parse(env);
  return runWorkerService(
    {
      service: 'featurise-worker',
      taskQueue,
      activities: ({ store }) => createFeaturiseActivities({ store: createBlobStore(store) }),
    },
    env,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`featurise-worker: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
