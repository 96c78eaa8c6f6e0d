import { NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { z } from 'zod';
import { connectionsFromEnv, formatIssues, type BlobStoreConnection, type TemporalConnection } from '@seisdec/contracts';
import { createLogger, type Logger } from './logger';
import { startHealthServer } from './health';
import { temporalConnectOptions } from './temporal-connect-options';
import { workflowBundlerOptions, workflowsPath } from './workflow-bundle';

const WorkerEnvSchema = z.object({
  SEISDEC_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  SEISDEC_HEALTH_HOST: z.string().default('127.0.0.1'),
  SEISDEC_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).optional(),
  SEISDEC_SHUTDOWN_GRACE: z.string().regex(/^\d+(ms|s|m)$/, 'expected a duration like 30s').default('30s'),
});

export interface WorkerServiceSpec {
  /** Service name for logs and health, e.g. `ingest-worker`. */
  service: string;
  taskQueue: string;
  /** Builds the activities from the validated connections (factories take their dependencies). */
  activities?: (deps: { store: BlobStoreConnection; temporal: TemporalConnection; log: Logger }) => object;
  /** Registers every seisdec workflow (the orchestrator). */
  workflows?: boolean;
  options?: Partial<WorkerOptions>;
}

/**
 * Runs one worker service until SIGTERM/SIGINT: validates its environment (errors name the
 * variable), connects to Temporal, serves /livez and /readyz, logs JSON, and on a signal stops
 * polling and lets running activities finish within SEISDEC_SHUTDOWN_GRACE.
 */
export async function runWorkerService(spec: WorkerServiceSpec, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const log = createLogger(spec.service);
  const parsedEnv = WorkerEnvSchema.safeParse(env);
  if (!parsedEnv.success) throw new Error(`invalid environment: ${formatIssues(parsedEnv.error)}`);
  const { temporal, store } = connectionsFromEnv(env);
  Runtime.install({ shutdownSignals: ['SIGINT', 'SIGTERM'] });
  const connection = await NativeConnection.connect(temporalConnectOptions(temporal));
  const worker = await Worker.create({
    connection,
    namespace: temporal.namespace,
    taskQueue: spec.taskQueue,
    activities: spec.activities?.({ store, temporal, log }),
    ...(spec.workflows ? { workflowsPath, bundlerOptions: workflowBundlerOptions() } : {}),
    shutdownGraceTime: parsedEnv.data.SEISDEC_SHUTDOWN_GRACE as `${number}s`,
    ...(parsedEnv.data.SEISDEC_MAX_CONCURRENT_ACTIVITIES ? { maxConcurrentActivityTaskExecutions: parsedEnv.data.SEISDEC_MAX_CONCURRENT_ACTIVITIES } : {}),
    ...spec.options,
  });
  const health = await startHealthServer(parsedEnv.data.SEISDEC_HEALTH_PORT, {
    live: () => worker.getState() !== 'FAILED',
    ready: () => worker.getState() === 'RUNNING',
    details: () => ({ service: spec.service, taskQueue: spec.taskQueue, state: worker.getState() }),
  }, parsedEnv.data.SEISDEC_HEALTH_HOST);
  log.info({ taskQueue: spec.taskQueue, temporal: temporal.address, namespace: temporal.namespace, tls: temporal.tls !== undefined, healthPort: health.port }, 'worker started');
  try {
    await worker.run();
  } finally {
    health.server.close();
    await connection.close();
    log.info('worker stopped');
  }
}
