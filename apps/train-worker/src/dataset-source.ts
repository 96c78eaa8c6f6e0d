import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, stat, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DatasetSchema, formatIssues, type Dataset } from '@seisdec/contracts';
import type { SampleSource } from '@seisdec/model';
import { BlobNotFoundError, type BlobStore } from '@seisdec/store';
import { emptySelection, invalidInput } from './invalid-input';

/**
 * The training set of a Dataset object as a model-lib {@link SampleSource}, without ever holding
 * the data set in memory:
 *
 * - Shards are fetched lazily, one at a time, the first time a sample of theirs is asked for, and
 *   streamed to a local scratch file (never buffered whole).
 * - Samples are read back with positioned reads (one per sample for shuffled mini-batches, one per
 *   shard segment for contiguous chunks) and normalised on the fly, `(value - offset[c]) / scale[c]`.
 *
 * So the JS heap holds one batch at a time whatever the archive's size, and the operating system's
 * page cache keeps the hot shards in memory when they fit. Why local files and not a cache of
 * shards in memory: shuffled mini-batches touch every shard in every batch; with a data set larger
 * than any memory budget an in-memory cache would re-fetch whole shards from the store for single
 * samples, while a positioned read of one 64x64x3 window is 48 KiB from the page cache or disk.
 */
export interface DatasetSource extends SampleSource {
  readonly dataset: Dataset;
  /** Shards fetched so far (for tests and logs). */
  readonly shardsFetched: number;
  /** Closes the files and removes the scratch folder. */
  close(): Promise<void>;
}

export interface DatasetSourceOptions {
  /** Parent folder of the scratch folder (default: the OS temporary folder). */
  scratchRoot?: string;
  /** Called before every read or gather: heartbeats and cancellation checks of the caller. */
  onAccess?: () => void;
  /** File handles kept open at once (least recently used are closed). Default 32. */
  maxOpenFiles?: number;
}

/** Reads and validates the Dataset object at `datasetKey` (bad content: non-retryable, naming the field). */
export async function readDataset(store: BlobStore, datasetKey: string): Promise<Dataset> {
  let text: string;
  try {
    text = (await store.get(datasetKey)).toString('utf8');
  } catch (error) {
    if (error instanceof BlobNotFoundError) throw invalidInput(`datasetKey ${datasetKey}: no such object in ${store.location}`);
    throw error; // I/O trouble: retryable
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalidInput(`dataset ${datasetKey}: not JSON (${(error as Error).message})`);
  }
  const parsed = DatasetSchema.safeParse(json);
  if (!parsed.success) throw invalidInput(`dataset ${datasetKey}: ${formatIssues(parsed.error)}`);
  const dataset = parsed.data;
  const problem = datasetProblem(dataset);
  if (problem !== undefined) throw invalidInput(`dataset ${datasetKey}: ${problem}`);
  if (dataset.count === 0) throw emptySelection(`dataset ${datasetKey} holds no windows`);
  return dataset;
}

/** First inconsistency between the dataset's fields, or undefined. */
function datasetProblem(dataset: Dataset): string | undefined {
  const [height, width, channels] = dataset.shape;
  if (![height, width, channels].every((d) => d > 0)) return `shape: expected [height, width, channels] > 0, got [${dataset.shape.join(', ')}]`;
  if (dataset.offset.length !== channels) return `offset: expected ${channels} values (one per channel), got ${dataset.offset.length}`;
  if (dataset.scale.length !== channels) return `scale: expected ${channels} values (one per channel), got ${dataset.scale.length}`;
  const badOffset = dataset.offset.findIndex((v) => !Number.isFinite(v));
  if (badOffset >= 0) return `offset[${badOffset}]: expected a finite number, got ${dataset.offset[badOffset]}`;
  const badScale = dataset.scale.findIndex((v) => !Number.isFinite(v) || v === 0);
  if (badScale >= 0) return `scale[${badScale}]: expected a finite non-zero number, got ${dataset.scale[badScale]}`;
  let total = 0;
  for (const [i, shard] of dataset.shards.entries()) {
    const ref = shard.spectrograms;
    if (ref.dtype !== 'float32') return `shards[${i}].spectrograms (${ref.key}): expected dtype float32, got ${ref.dtype}`;
    const [n, h, w, c] = ref.shape;
    if (ref.shape.length !== 4 || h !== height || w !== width || c !== channels) {
      return `shards[${i}].spectrograms (${ref.key}): expected shape [n, ${height}, ${width}, ${channels}], got [${ref.shape.join(', ')}]`;
    }
    total += n!;
  }
  if (total !== dataset.count) return `count: ${dataset.count} but the shards hold ${total} windows`;
  return undefined;
}

interface ShardSpan {
  /** Index of the shard in dataset.shards. */
  shard: number;
  /** First global sample index of the shard. */
  start: number;
  count: number;
}

/** Opens the data set at `datasetKey` for training and inference (see {@link DatasetSource}). */
export async function openDatasetSource(store: BlobStore, datasetKey: string, options: DatasetSourceOptions = {}): Promise<DatasetSource> {
  const { scratchRoot = tmpdir(), onAccess, maxOpenFiles = 32 } = options;
  const dataset = await readDataset(store, datasetKey);
  const [height, width, channels] = dataset.shape;
  const sampleValues = height * width * channels;
  const sampleBytes = sampleValues * 4;
  const spans: ShardSpan[] = [];
  let next = 0;
  dataset.shards.forEach((shard, i) => {
    const count = shard.spectrograms.shape[0]!;
    if (count > 0) spans.push({ shard: i, start: next, count });
    next += count;
  });

  const scratch = await mkdtemp(path.join(scratchRoot, 'seisdec-train-'));
  const fetched = new Map<number, Promise<string>>();
  const handles = new Map<number, FileHandle>(); // insertion order = least recently used first
  let chain: Promise<unknown> = Promise.resolve();
  let closed = false;

  /** Streams shard `i` to a local file once; concurrent callers share the download. */
  const localFile = (i: number): Promise<string> => {
    let file = fetched.get(i);
    if (file === undefined) {
      file = download(i).catch((error: unknown) => {
        fetched.delete(i); // a later read retries the download
        throw error;
      });
      fetched.set(i, file);
    }
    return file;
  };

  const download = async (i: number): Promise<string> => {
    const ref = dataset.shards[i]!.spectrograms;
    const file = path.join(scratch, `shard-${String(i).padStart(6, '0')}.f32`);
    let stream;
    try {
      stream = await store.getStream(ref.key);
    } catch (error) {
      if (error instanceof BlobNotFoundError) throw invalidInput(`dataset ${datasetKey}: shard ${ref.key} does not exist`);
      throw error;
    }
    await pipeline(stream, createWriteStream(file));
    const expected = ref.shape[0]! * sampleBytes;
    const { size } = await stat(file);
    if (size !== expected) throw invalidInput(`shard ${ref.key}: expected ${expected} bytes for float32 [${ref.shape.join(', ')}], found ${size}`);
    return file;
  };

  const handleFor = async (i: number): Promise<FileHandle> => {
    const open_ = handles.get(i);
    if (open_ !== undefined) {
      handles.delete(i);
      handles.set(i, open_);
      return open_;
    }
    const handle = await open(await localFile(i), 'r');
    handles.set(i, handle);
    while (handles.size > maxOpenFiles) {
      const [oldest, oldHandle] = handles.entries().next().value as [number, FileHandle];
      handles.delete(oldest);
      await oldHandle.close();
    }
    return handle;
  };

  /** Reads `count` samples of span `span` from its sample `first` into `out` at sample `at`. */
  const readSamples = async (span: ShardSpan, first: number, count: number, out: Float32Array, at: number): Promise<void> => {
    const handle = await handleFor(span.shard);
    const bytes = new Uint8Array(out.buffer, out.byteOffset + at * sampleBytes, count * sampleBytes);
    let done = 0;
    while (done < bytes.length) {
      const { bytesRead } = await handle.read(bytes, done, bytes.length - done, first * sampleBytes + done);
      if (bytesRead === 0) throw new Error(`shard ${dataset.shards[span.shard]!.spectrograms.key}: local copy ended early`);
      done += bytesRead;
    }
    normalise(out, at * sampleValues, (at + count) * sampleValues);
  };

  const { offset, scale } = dataset;
  const normalise = (values: Float32Array, from: number, to: number): void => {
    if (dataset.normalisation === 'none') return;
    for (let i = from, c = 0; i < to; i++, c = c + 1 === channels ? 0 : c + 1) values[i] = (values[i]! - offset[c]!) / scale[c]!;
  };

  const spanOf = (index: number): ShardSpan => {
    let lo = 0;
    let hi = spans.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (spans[mid]!.start <= index) lo = mid;
      else hi = mid - 1;
    }
    return spans[lo]!;
  };

  /** Runs reads one after another: file handles are shared and may be closed between reads. */
  const serialised = <T>(task: () => Promise<T>): Promise<T> => {
    const run = chain.then(() => {
      if (closed) throw new Error(`dataset ${datasetKey}: source is closed`);
      return task();
    });
    chain = run.catch(() => undefined);
    return run;
  };

  return {
    dataset,
    count: dataset.count,
    sampleShape: [height, width, channels],
    get shardsFetched() {
      return fetched.size;
    },
    read(start, end) {
      if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end && end <= dataset.count)) {
        throw new RangeError(`read(${start}, ${end}): expected integers with 0 <= start < end <= ${dataset.count}`);
      }
      onAccess?.();
      return serialised(async () => {
        const out = new Float32Array((end - start) * sampleValues);
        for (let index = start; index < end; ) {
          const span = spanOf(index);
          const take = Math.min(end, span.start + span.count) - index;
          await readSamples(span, index - span.start, take, out, index - start);
          index += take;
        }
        return out;
      });
    },
    gather(indices) {
      for (let i = 0; i < indices.length; i++) {
        const index = indices[i]!;
        if (!(Number.isInteger(index) && index >= 0 && index < dataset.count)) throw new RangeError(`indices[${i}]: expected 0..${dataset.count - 1}, got ${index}`);
      }
      onAccess?.();
      return serialised(async () => {
        const out = new Float32Array(indices.length * sampleValues);
        for (let i = 0; i < indices.length; i++) {
          const span = spanOf(indices[i]!);
          await readSamples(span, indices[i]! - span.start, 1, out, i);
        }
        return out;
      });
    },
    async close() {
      await serialised(async () => {
        closed = true;
        for (const handle of handles.values()) await handle.close();
        handles.clear();
      }).catch(() => undefined);
      closed = true;
      await rm(scratch, { recursive: true, force: true });
    },
  };
}
