import { z } from 'zod';

/** Archive names are business keys: they appear in workflow IDs, object keys and search attributes. */
export const ArchiveNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'expected 1-63 lowercase letters, digits, "_" or "-", starting with a letter or digit');

/**
 * Stage a local SDS archive (a directory the ingest workers can read) into the object store, so
 * every later stage reads it from there. Re-running uploads only what is not there yet.
 */
export const StageArchiveInputSchema = z.object({
  archive: ArchiveNameSchema,
  /** Absolute path of the SDS root (`YEAR/NET/STA/CHAN.D/...`) on the ingest worker's filesystem. */
  sourceDir: z.string().startsWith('/', 'expected an absolute path on the ingest worker'),
  /** Object-key prefix; defaults to `archives/<archive>/sds`. */
  prefix: z.string().regex(/^[A-Za-z0-9._/-]+[^/]$/, 'expected a key prefix without a trailing "/"').optional(),
  /** Files per upload activity. */
  batchSize: z.number().int().min(1).max(1000).default(16),
  /** Upload activities in flight at once. */
  concurrency: z.number().int().min(1).max(64).default(4),
  /** Task queue of the ingest workers; defaults to TASK_QUEUES.ingest (override to isolate tenants or tests). */
  ingestTaskQueue: z.string().min(1).optional(),
});
export type StageArchiveInput = z.input<typeof StageArchiveInputSchema>;
export type StageArchiveParams = z.output<typeof StageArchiveInputSchema>;

/** One SDS file as listed by the ingest worker. */
export const SdsFileSchema = z.object({
  /** Path relative to the SDS root, `/`-separated. */
  path: z.string(),
  size: z.number().int().nonnegative(),
  /** `NET.STA.LOC.CHA`, location possibly empty: `TW.LH01.00.EHZ`, `IU.ANMO..BHZ`. */
  stream: z.string(),
  /** `YEAR.DOY`, e.g. `2020.088`. */
  day: z.string(),
});
export type SdsFile = z.infer<typeof SdsFileSchema>;

/** A file that is not part of the archive, with why. */
export const RejectedFileSchema = z.object({ path: z.string(), reason: z.string() });
export type RejectedFile = z.infer<typeof RejectedFileSchema>;

export const ArchiveListingSchema = z.object({
  /** Object key of the JSON manifest (`SdsFile[]`), so payloads stay small for any archive size. */
  manifestKey: z.string(),
  fileCount: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  streams: z.array(z.object({ stream: z.string(), days: z.array(z.string()) })),
  rejected: z.array(RejectedFileSchema),
});
export type ArchiveListing = z.infer<typeof ArchiveListingSchema>;

export const UploadBatchInputSchema = z.object({
  sourceDir: z.string(),
  prefix: z.string(),
  manifestKey: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});
export type UploadBatchInput = z.infer<typeof UploadBatchInputSchema>;

export const UploadBatchResultSchema = z.object({
  uploaded: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  bytesUploaded: z.number().int().nonnegative(),
});
export type UploadBatchResult = z.infer<typeof UploadBatchResultSchema>;

export const StageArchiveResultSchema = z.object({
  archive: z.string(),
  prefix: z.string(),
  manifestKey: z.string(),
  fileCount: z.number().int(),
  bytes: z.number().int(),
  uploaded: z.number().int(),
  /** Files already in the store with the same size: not uploaded again. */
  skipped: z.number().int(),
  streams: ArchiveListingSchema.shape.streams,
  rejected: z.array(RejectedFileSchema),
});
export type StageArchiveResult = z.infer<typeof StageArchiveResultSchema>;

/** Activities of the ingest service used by the staging workflow (implemented in apps/ingest-worker). */
export interface StagingActivities {
  listLocalArchive(input: { archive: string; sourceDir: string; prefix: string }): Promise<ArchiveListing>;
  uploadArchiveBatch(input: UploadBatchInput): Promise<UploadBatchResult>;
}

/** Progress of a running workflow, answered by its `progress` query. */
export const ProgressSchema = z.object({
  stage: z.string(),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type Progress = z.infer<typeof ProgressSchema>;

export const stageArchiveWorkflowId = (archive: string): string => `stage/${archive}`;
export const defaultArchivePrefix = (archive: string): string => `archives/${archive}/sds`;
