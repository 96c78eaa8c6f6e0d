import { ApplicationFailure, defineQuery, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  defaultArchivePrefix,
  formatIssues,
  StageArchiveInputSchema,
  TASK_QUEUES,
  type Progress,
  type StageArchiveInput,
  type StageArchiveResult,
  type StagingActivities,
} from '@seisdec/contracts';
import { markRun } from './search-attributes';

// Ingest-queue activities: listing is quick; an upload batch moves at most `batchSize` files and
// heartbeats per file. I/O failures retry with backoff; bad input is raised by the activity as
// non-retryable.
const ingestActivities = (taskQueue: string = TASK_QUEUES.ingest) =>
  proxyActivities<StagingActivities>({
    taskQueue,
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: '2 minutes',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
  });

export const progressQuery = defineQuery<Progress>('progress');

/**
 * Copies a local SDS archive into the object store and returns its inventory. Idempotent: files
 * already stored with the same size are skipped, so a rerun after a failure only uploads the rest.
 */
export async function stageArchive(rawInput: StageArchiveInput): Promise<StageArchiveResult> {
  const parsed = StageArchiveInputSchema.safeParse(rawInput);
  if (!parsed.success) {
    throw ApplicationFailure.nonRetryable(`invalid stageArchive input: ${formatIssues(parsed.error)}`, 'InvalidInput');
  }
  const input = parsed.data;
  const prefix = input.prefix ?? defaultArchivePrefix(input.archive);
  const ingest = ingestActivities(input.ingestTaskQueue);
  let progress: Progress = { stage: 'list', done: 0, total: 1 };
  setHandler(progressQuery, () => progress);
  markRun({ archive: input.archive, stage: 'stage-archive', status: 'running' });

  const listing = await ingest.listLocalArchive({ archive: input.archive, sourceDir: input.sourceDir, prefix });
  const batches: Array<[number, number]> = [];
  for (let start = 0; start < listing.fileCount; start += input.batchSize) {
    batches.push([start, Math.min(listing.fileCount, start + input.batchSize)]);
  }
  progress = { stage: 'upload', done: 0, total: batches.length };

  let uploaded = 0;
  let skipped = 0;
  let next = 0;
  // A fixed number of lanes each pulling the next batch: bounded concurrency, deterministic order.
  const lane = async (): Promise<void> => {
    while (next < batches.length) {
      const [start, end] = batches[next++] as [number, number];
      const result = await ingest.uploadArchiveBatch({ sourceDir: input.sourceDir, prefix, manifestKey: listing.manifestKey, start, end });
      uploaded += result.uploaded;
      skipped += result.skipped;
      progress = { ...progress, done: progress.done + 1 };
    }
  };
  await Promise.all(Array.from({ length: Math.min(input.concurrency, batches.length) }, lane));

  markRun({ stage: 'done', status: 'completed' });
  return {
    archive: input.archive,
    prefix,
    manifestKey: listing.manifestKey,
    fileCount: listing.fileCount,
    bytes: listing.bytes,
    uploaded,
    skipped,
    streams: listing.streams,
    rejected: listing.rejected,
  };
}
