import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributeUpdatePair } from '@temporalio/common';
import { upsertSearchAttributes } from '@temporalio/workflow';
import { SEARCH_ATTRIBUTES } from '@seisdec/contracts';

// Typed keys for the attributes the dev stack and the cluster registration Job register
// (names and kinds from @seisdec/contracts; all three are Keyword).
const key = (name: keyof typeof SEARCH_ATTRIBUTES) => defineSearchAttributeKey(name, SearchAttributeType.KEYWORD);
export const ARCHIVE = key('SeisdecArchive');
export const STAGE = key('SeisdecStage');
export const STATUS = key('SeisdecStatus');

export type RunStatus = 'running' | 'completed' | 'failed' | 'cancelled';

/** Shows the run's archive, stage and status in the Temporal UI and to list queries. */
export function markRun(update: { archive?: string; stage?: string; status?: RunStatus }): void {
  const pairs: SearchAttributeUpdatePair[] = [];
  if (update.archive !== undefined) pairs.push({ key: ARCHIVE, value: update.archive });
  if (update.stage !== undefined) pairs.push({ key: STAGE, value: update.stage });
  if (update.status !== undefined) pairs.push({ key: STATUS, value: update.status });
  upsertSearchAttributes(pairs);
}
