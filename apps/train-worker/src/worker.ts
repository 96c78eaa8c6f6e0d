import { z } from 'zod';
import { formatIssues, TASK_QUEUES } from '@seisdec/contracts';
import { initBackend } from '@seisdec/model';
import { createBlobStore } from '@seisdec/store';
import { createLogger, runWorkerService } from '@seisdec/worker-runtime';
import { createTrainActivities } from './activities';

const TrainEnvSchema = z.object({
  /**
   * Training saturates the cores by itself (and tfjs keeps one model in flight per activity), so one
   * activity at a time unless overridden.
   */
  SEISDEC_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).default(1),
  /** Parent folder of the local shard copies (default: the OS temporary folder). */
  SEISDEC_SCRATCH_DIR: z.string().min(1).optional(),
});

/**
 * The train service: the only process that loads tfjs. Picks the backend first (tfjs-node-gpu >
 * tfjs-node > wasm > cpu, or SEISDEC_TF_BACKEND) and logs the choice, then polls `seisdec-gpu` for
 * pretrain, embed and decFineTune.
 */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const parsed = TrainEnvSchema.safeParse(env);
  if (!parsed.success) throw new Error(`invalid environment: ${formatIssues(parsed.error)}`);
  const log = createLogger('train-worker');
  const backend = await initBackend({ log: (message) => log.info(message) });
  log.info({ backend: backend.backend, package: backend.package, reason: backend.reason }, 'tfjs backend chosen');
  return runWorkerService(
    {
      service: 'train-worker',
      taskQueue: TASK_QUEUES.gpu,
      activities: ({ store }) =>
        createTrainActivities({
          store: createBlobStore(store),
          backend,
          log: (message, fields) => log.info(fields ?? {}, message),
          ...(parsed.data.SEISDEC_SCRATCH_DIR ? { scratchRoot: parsed.data.SEISDEC_SCRATCH_DIR } : {}),
        }),
      options: { maxConcurrentActivityTaskExecutions: parsed.data.SEISDEC_MAX_CONCURRENT_ACTIVITIES },
    },
    env,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`train-worker: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
