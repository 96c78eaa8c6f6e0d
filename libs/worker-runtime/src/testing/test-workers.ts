import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { TemporalConnection } from '@seisdec/contracts';
import { temporalConnectOptions } from '../temporal-connect-options';

/** One worker of a test: everything but the connection and namespace, which the harness supplies. */
export type TestWorkerOptions = Omit<WorkerOptions, 'connection' | 'namespace'>;

export interface TestWorkers {
  client: Client;
  /** The worker connection, for workers a test creates later (e.g. a replacement after a shutdown). */
  nativeConnection: NativeConnection;
  /** Stops every worker, waits for them to drain, and closes both connections. */
  stop(): Promise<void>;
}

/**
 * Starts workers against the real Temporal server for a spec (the dev stack its jest global setup
 * provides) and a client for starting workflows: the set-up every Temporal spec of the services
 * shares. Workers run until `stop()`; a worker that fails to start stops the ones already created.
 */
export async function startTestWorkers(temporal: TemporalConnection, workers: TestWorkerOptions[]): Promise<TestWorkers> {
  const options = temporalConnectOptions(temporal);
  const nativeConnection = await NativeConnection.connect(options);
  const connection = await Connection.connect(options);
  const client = new Client({ connection, namespace: temporal.namespace });
  const created = await Promise.allSettled(workers.map((w) => Worker.create({ ...w, connection: nativeConnection, namespace: temporal.namespace })));
  const ready = created.flatMap((c) => (c.status === 'fulfilled' ? [c.value] : []));
  const running = Promise.all(ready.map((w) => w.run()));
  const stop = async () => {
    for (const w of ready) if (w.getState() === 'RUNNING') w.shutdown();
    await running;
    await nativeConnection.close();
    await connection.close();
  };
  const failed = created.find((c): c is PromiseRejectedResult => c.status === 'rejected');
  if (failed !== undefined) {
    await stop();
    throw failed.reason;
  }
  return { client, nativeConnection, stop };
}
