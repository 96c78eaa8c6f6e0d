import { ApplicationFailure, Context } from '@temporalio/activity';
import type { z } from 'zod';
import { formatIssues } from '@seisdec/contracts';

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

/** Parses an activity input; a mismatch is bad input (never retried), named field by field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, activity: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw ApplicationFailure.nonRetryable(`${activity}: invalid input: ${formatIssues(parsed.error)}`, 'InvalidInput');
  return parsed.data;
}

/** A non-retryable failure for input that can never succeed, naming the field or object at fault. */
export function invalidInput(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, 'InvalidInput');
}
