import { ApplicationFailure } from '@temporalio/activity';

/** Bad input that no retry can fix: a non-retryable failure whose message names the object or field. */
export function invalidInput(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, 'InvalidInput');
}

/** A selection with nothing in it (no windows to train on). */
export function emptySelection(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, 'EmptySelection');
}
