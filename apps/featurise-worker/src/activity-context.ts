import { Context } from '@temporalio/activity';

/**
 * The running activity's context, or undefined when the activity function is called directly
 * (unit tests with an FsBlobStore, benchmarks): the work is the same, there is just nobody to report to.
 */
export function currentActivity(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

/**
 * Reports progress to Temporal (so a stuck worker is detected within the heartbeat timeout) and
 * stops here if the workflow cancelled this activity: the cancellation arrives with a heartbeat
 * response, so checking right after heartbeating is where it can be seen.
 */
export function heartbeat(details: unknown): void {
  const context = currentActivity();
  if (!context) return;
  context.heartbeat(details);
  context.cancellationSignal.throwIfAborted();
}
