import { TASK_QUEUES } from '@seisdec/contracts';
import { runWorkerService } from '@seisdec/worker-runtime';

/** The orchestrator: runs workflows only (no activities), on `seisdec-orchestrator`. */
export function main(): Promise<void> {
  return runWorkerService({ service: 'orchestrator-worker', taskQueue: TASK_QUEUES.orchestrator, workflows: true });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`orchestrator-worker: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
