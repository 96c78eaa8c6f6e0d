import { byteSource } from './byte-source';
import { mergeRecords, type MergeOptions } from './merge-records';
import { readMiniseedHeaders, type ReadMiniseedOptions } from './read-records';
import type { MergedTraces } from './trace';

export type ReadTracesOptions = MergeOptions & ReadMiniseedOptions;

/**
 * Reads a miniSEED file (format 2 or 3) into continuous traces: every record header is parsed
 * first, then each record is decoded once into its segment's buffer. Gaps and overlaps are
 * reported; see {@link MergeOptions} for the policy. `file` names the source in errors.
 */
export function readMiniseedTraces(bytes: Uint8Array, file: string, options: ReadTracesOptions = {}): MergedTraces {
  const source = byteSource(bytes, file);
  return mergeRecords(source, readMiniseedHeaders(source, options), options);
}
