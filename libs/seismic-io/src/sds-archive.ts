import { BlobNotFoundError, type BlobStore } from '@seisdec/store';
import { SeismicFormatError, type SeismicFormatProblem } from './errors';
import type { MergeOptions } from './merge-records';
import type { ReadMiniseedOptions } from './read-records';
import { readMiniseedTraces } from './read-traces';
import { listSdsFiles, type SdsFile, type SdsSelection } from './sds';
import type { MergedTraces } from './trace';

/** One station-day file, decoded and merged (trimmed to the selection's time range). */
export interface StationDay extends MergedTraces {
  file: SdsFile;
}

/** A file the walk could not use, and why; the walk carries on with the next file. */
export interface QuarantineEntry {
  key: string;
  /** Store location (`file:///...`, `minio://...`), so the entry points at one object. */
  location: string;
  /** Byte offset of the problem (0 when the object could not be read at all). */
  offset: number;
  problem: SeismicFormatProblem | 'missing';
  /** The full error message: file, offset, what was expected and found. */
  reason: string;
}

export interface SdsWalkOptions extends SdsSelection, Omit<MergeOptions, 'start' | 'end'>, ReadMiniseedOptions {
  /** Called for every quarantined file as it happens (e.g. to log it). */
  onQuarantine?: (entry: QuarantineEntry) => void;
}

/**
 * Walks an SDS archive in a {@link BlobStore} (a directory through FsBlobStore, a bucket through
 * MinioBlobStore) one station-day file at a time: each file is fetched, decoded, merged into
 * traces (trimmed to [start, end)) and yielded before the next is fetched, so memory holds one file.
 * A file that fails to decode, or disappears between listing and reading, goes to `quarantine` with
 * its key, byte offset and reason, and the walk goes on; store failures (e.g. MinIO unreachable) are thrown.
 */
export class SdsArchiveWalk implements AsyncIterable<StationDay> {
  /** Files set aside so far, in walk order. */
  readonly quarantine: QuarantineEntry[] = [];

  constructor(
    readonly store: BlobStore,
    readonly options: SdsWalkOptions = {},
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<StationDay> {
    const { onQuarantine, ...rest } = this.options;
    for await (const file of listSdsFiles(this.store, rest)) {
      let day: StationDay;
      try {
        const bytes = await this.store.get(file.key);
        day = { file, ...readMiniseedTraces(bytes, file.key, rest) };
      } catch (error) {
        const entry = this.toQuarantineEntry(file, error);
        this.quarantine.push(entry);
        onQuarantine?.(entry);
        continue;
      }
      yield day;
    }
  }

  private toQuarantineEntry(file: SdsFile, error: unknown): QuarantineEntry {
    const location = this.store.location;
    if (error instanceof SeismicFormatError) return { key: file.key, location, offset: error.offset, problem: error.problem, reason: error.message };
    if (error instanceof BlobNotFoundError) return { key: file.key, location, offset: 0, problem: 'missing', reason: error.message };
    throw error;
  }
}

/** Shorthand for `new SdsArchiveWalk(store, options)`. */
export function walkSdsArchive(store: BlobStore, options: SdsWalkOptions = {}): SdsArchiveWalk {
  return new SdsArchiveWalk(store, options);
}
