import { ApplicationFailure } from '@temporalio/activity';
import { formatIssues } from '@seisdec/contracts';
import type { z } from 'zod';

/** Bad input: retrying cannot help, so the failure is non-retryable and says what is wrong where. */
export function invalidInput(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, 'InvalidInput');
}

/** Validates an activity input against its contract schema; errors name the activity and the fields. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, activity: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidInput(`${activity}: invalid input: ${formatIssues(parsed.error)}`);
  return parsed.data;
}

/**
 * Runs a deterministic numeric step; a RangeError/TypeError from the numeric kernels means the data
 * cannot be processed as given (too few distinct points, non-finite values...), which a retry would
 * only repeat, so it becomes a non-retryable failure prefixed with what was being computed.
 */
export function numericStep<T>(what: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) throw invalidInput(`${what}: ${error.message}`);
    throw error;
  }
}
