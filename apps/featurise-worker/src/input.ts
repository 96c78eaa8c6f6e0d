import { ApplicationFailure } from '@temporalio/activity';
import type { z } from 'zod';
import { formatIssues } from '@seisdec/contracts';

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
