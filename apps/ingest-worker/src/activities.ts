import { ApplicationFailure, Context } from '@temporalio/activity';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import {
  SdsFileSchema,
  type ArchiveListing,
  type RejectedFile,
  type SdsFile,
  type StagingActivities,
  type UploadBatchInput,
  type UploadBatchResult,
} from '@seisdec/contracts';
import { FsBlobStore, type BlobStore } from '@seisdec/store';
import { parseSdsPath } from './sds-path';

export interface IngestDeps {
  /** Where stage outputs and staged archives go (MinIO in deployments). */
  store: BlobStore;
}

/** Ingest-service activities, built from their dependencies (no globals), as the worker registers them. */
export function createStagingActivities({ store }: IngestDeps): StagingActivities {
  return {
    async listLocalArchive({ archive, sourceDir, prefix }): Promise<ArchiveListing> {
      await assertDirectory(sourceDir);
      const files: SdsFile[] = [];
      const rejected: RejectedFile[] = [];
      for await (const info of new FsBlobStore(sourceDir).list()) {
        const parsed = parseSdsPath(info.key);
        if ('reason' in parsed) rejected.push({ path: info.key, reason: parsed.reason });
        else files.push({ path: info.key, size: info.size, ...parsed });
      }
      if (files.length === 0) {
        throw ApplicationFailure.nonRetryable(
          `archive "${archive}": no SDS files (YEAR/NET/STA/CHAN.D/NET.STA.LOC.CHAN.D.YEAR.DOY) under ${sourceDir}` +
            (rejected.length ? `; ${rejected.length} other files, e.g. ${rejected[0]?.path}: ${rejected[0]?.reason}` : ''),
          'EmptySelection',
        );
      }
      const manifestKey = `${prefix}.manifest.json`;
      await store.put(manifestKey, JSON.stringify(files));
      const days = new Map<string, Set<string>>();
      for (const f of files) (days.get(f.stream) ?? days.set(f.stream, new Set()).get(f.stream)!).add(f.day);
      return {
        manifestKey,
        fileCount: files.length,
        bytes: files.reduce((sum, f) => sum + f.size, 0),
        streams: [...days].map(([stream, set]) => ({ stream, days: [...set].sort() })).sort((a, b) => a.stream.localeCompare(b.stream)),
        rejected,
      };
    },

    async uploadArchiveBatch({ sourceDir, prefix, manifestKey, start, end }: UploadBatchInput): Promise<UploadBatchResult> {
      const manifest = SdsFileSchema.array().parse(JSON.parse((await store.get(manifestKey)).toString('utf8')));
      if (end > manifest.length || start > end) {
        throw ApplicationFailure.nonRetryable(`batch [${start}, ${end}) is outside manifest ${manifestKey} of ${manifest.length} files`, 'InvalidInput');
      }
      // A retried attempt resumes after the last file the previous attempt reported.
      const context = Context.current();
      const resumeAt = typeof context.info.heartbeatDetails === 'number' ? context.info.heartbeatDetails : start;
      const result: UploadBatchResult = { uploaded: 0, skipped: 0, bytesUploaded: 0 };
      for (let i = Math.max(start, resumeAt); i < end; i++) {
        const file = manifest[i]!;
        const key = `${prefix}/${file.path}`;
        const existing = await store.stat(key);
        if (existing?.size === file.size) result.skipped++;
        else {
          await store.putFile(key, path.join(sourceDir, ...file.path.split('/')));
          result.uploaded++;
          result.bytesUploaded += file.size;
        }
        context.heartbeat(i + 1);
      }
      return result;
    },
  };
}

async function assertDirectory(dir: string): Promise<void> {
  try {
    if ((await stat(dir)).isDirectory()) return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // I/O trouble: let it retry
  }
  throw ApplicationFailure.nonRetryable(`sourceDir ${dir} is not a directory the ingest worker can read`, 'InvalidInput');
}
