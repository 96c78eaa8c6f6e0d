import { Client, Connection } from '@temporalio/client';
import { connectionsFromEnv, type BlobStoreConnection, type TemporalConnection } from '@seisdec/contracts';
import { describe as describeStack } from '@seisdec/devstack';
import { temporalConnectOptions } from '@seisdec/worker-runtime';

export interface Resolved {
  temporal: TemporalConnection;
  store: BlobStoreConnection;
  env: Record<string, string>;
  /** Temporal Web UI base URL when known (the dev stack's), for links. */
  uiUrl?: string;
  source: string;
}

/**
 * Where the CLI finds Temporal and the store: the SEISDEC_* environment when
 * SEISDEC_TEMPORAL_ADDRESS is set (a cluster, a port-forward), else the running dev stack.
 */
export async function resolveConnections(profile = process.env['SEISDEC_STACK_PROFILE'] ?? 'dev'): Promise<Resolved> {
  if (process.env['SEISDEC_TEMPORAL_ADDRESS']) {
    const { temporal, store } = connectionsFromEnv(process.env);
    const env = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => k.startsWith('SEISDEC_') && v !== undefined)) as Record<string, string>;
    return { temporal, store, env, uiUrl: process.env['SEISDEC_TEMPORAL_UI_URL'], source: 'environment' };
  }
  const stack = await describeStack(profile);
  if (!stack) {
    throw new CliError('no Temporal to talk to', 'set SEISDEC_TEMPORAL_ADDRESS (and the SEISDEC_MINIO_* variables), or start the dev stack: seisdec dev up');
  }
  const { temporal, store } = connectionsFromEnv(stack.env);
  return { temporal, store, env: stack.env, uiUrl: stack.state.temporal.uiUrl, source: `dev stack "${profile}"` };
}

export async function withClient<T>(resolved: Resolved, action: (client: Client) => Promise<T>): Promise<T> {
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...temporalConnectOptions(resolved.temporal), connectTimeout: 5_000 });
  } catch (error) {
    throw new CliError(`cannot reach Temporal at ${resolved.temporal.address} (${resolved.source}): ${(error as Error).message}`, 'is the server running? try: seisdec dev status');
  }
  try {
    return await action(new Client({ connection, namespace: resolved.temporal.namespace }));
  } finally {
    await connection.close();
  }
}

/** An error the user can act on: printed as one line plus a hint, exit code 1 (2 for usage). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function workflowUrl(resolved: Resolved, workflowId: string): string | undefined {
  return resolved.uiUrl ? `${resolved.uiUrl}/namespaces/${resolved.temporal.namespace}/workflows/${encodeURIComponent(workflowId)}` : undefined;
}

/** Accepts `reprocess/<archive>/<runId>` or the short `<archive>/<runId>`. */
export function normaliseRunId(id: string): string {
  return id.startsWith('reprocess/') ? id : `reprocess/${id}`;
}
