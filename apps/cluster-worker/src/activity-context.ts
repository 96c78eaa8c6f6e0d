import { asyncLocalStorage, type Context } from '@temporalio/activity';

/**
 * The running activity's context, or `undefined` when the function is called outside a Temporal
 * activity (a script, the CLI, a unit test): the activities here are plain async functions first,
 * so heartbeats and cancellation are used when there is a worker and skipped when there is none.
 */
export function activityContext(): Context | undefined {
  return asyncLocalStorage.getStore();
}

/** Heartbeats with `details` (no-op outside an activity). */
export function heartbeat(details: unknown): void {
  activityContext()?.heartbeat(details);
}

/** Details of the previous attempt's last heartbeat, if this attempt is a retry. */
export function lastHeartbeat(): unknown {
  return activityContext()?.info.heartbeatDetails;
}

/**
 * Lets the event loop run (so throttled heartbeats go out and a cancellation request comes in)
 * between synchronous compute steps, then throws the cancellation if one arrived.
 */
export async function checkpoint(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  const signal = activityContext()?.cancellationSignal;
  if (signal?.aborted) throw signal.reason;
}
