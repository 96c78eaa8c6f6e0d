import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ApplicationFailure } from '@temporalio/activity';
import { FsBlobStore } from '@seisdec/store';
import { openDatasetSource } from './dataset-source';
import { writeSyntheticDataset, type SyntheticDataset } from './testing/synthetic-dataset';

let root: string;
let store: FsBlobStore;
let scratchRoot: string;
let data: SyntheticDataset;
const shape: [number, number, number] = [4, 6, 2];
const sample = 4 * 6 * 2;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'seisdec-train-src-'));
  store = new FsBlobStore(path.join(root, 'store'));
  scratchRoot = path.join(root, 'scratch');
  await store.put('keep', 'x');
  await import('node:fs/promises').then((fs) => fs.mkdir(scratchRoot, { recursive: true }));
  data = await writeSyntheticDataset(store, { shardSizes: [5, 0, 3, 7], shape, prefix: 'ds/a', seed: 3 });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function expectedRows(indices: number[]): Float32Array {
  const out = new Float32Array(indices.length * sample);
  indices.forEach((index, i) => out.set(data.normalised.subarray(index * sample, (index + 1) * sample), i * sample));
  return out;
}

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

describe('openDatasetSource', () => {
  it('reads contiguous ranges across shard boundaries (and an empty shard), normalised', async () => {
    const source = await openDatasetSource(store, data.datasetKey, { scratchRoot });
    try {
      expect(source.count).toBe(15);
      expect(source.sampleShape).toEqual(shape);
      expect(await source.read(0, 15)).toEqual(expectedRows([...Array(15).keys()]));
      expect(await source.read(4, 9)).toEqual(expectedRows([4, 5, 6, 7, 8]));
      expect(await source.read(14, 15)).toEqual(expectedRows([14]));
    } finally {
      await source.close();
    }
  });

  it('gathers shuffled indices with repeats and fetches each shard only when first needed', async () => {
    const accesses: number[] = [];
    const source = await openDatasetSource(store, data.datasetKey, { scratchRoot, onAccess: () => accesses.push(1), maxOpenFiles: 1 });
    try {
      expect(source.shardsFetched).toBe(0);
      expect(await source.gather(Int32Array.from([6, 7]))).toEqual(expectedRows([6, 7]));
      expect(source.shardsFetched).toBe(1); // only the shard holding windows 5..7
      const indices = [14, 0, 6, 14, 3, 9, 5];
      expect(await source.gather(Int32Array.from(indices))).toEqual(expectedRows(indices));
      expect(source.shardsFetched).toBe(3);
      expect(accesses).toHaveLength(2);
    } finally {
      await source.close();
    }
  });

  it('serialises concurrent reads and removes its scratch folder on close', async () => {
    const source = await openDatasetSource(store, data.datasetKey, { scratchRoot, maxOpenFiles: 1 });
    const results = await Promise.all([source.gather(Int32Array.from([0, 14])), source.read(2, 12), source.gather(Int32Array.from([9, 1]))]);
    expect(results[0]).toEqual(expectedRows([0, 14]));
    expect(results[1]).toEqual(expectedRows([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]));
    expect(results[2]).toEqual(expectedRows([9, 1]));
    await source.close();
    expect(await readdir(scratchRoot)).toEqual([]);
    await expect(source.read(0, 1)).rejects.toThrow(/closed/);
  });

  it('rejects out-of-range reads naming the bounds', async () => {
    const source = await openDatasetSource(store, data.datasetKey, { scratchRoot });
    try {
      expect(() => source.read(3, 16)).toThrow(/0 <= start < end <= 15/);
      expect(() => source.gather(Int32Array.from([0, 15]))).toThrow(/indices\[1\]: expected 0..14, got 15/);
    } finally {
      await source.close();
    }
  });

  it('fails without retries on inconsistent datasets, naming the field', async () => {
    const bad = (patch: Record<string, unknown>, key: string) => store.put(key, JSON.stringify({ ...data.dataset, ...patch }));
    await bad({ count: 99 }, 'bad/count.json');
    expect((await failureOf(openDatasetSource(store, 'bad/count.json', { scratchRoot }))).message).toMatch(/count: 99 but the shards hold 15 windows/);
    await bad({ scale: [1, 0] }, 'bad/scale.json');
    expect((await failureOf(openDatasetSource(store, 'bad/scale.json', { scratchRoot }))).message).toMatch(/scale\[1\]: expected a finite non-zero number/);
    await bad({ shape: [4, 8, 2] }, 'bad/shape.json');
    expect((await failureOf(openDatasetSource(store, 'bad/shape.json', { scratchRoot }))).message).toMatch(/shards\[0\]\.spectrograms .*expected shape \[n, 4, 8, 2\]/);
    await store.put('bad/notjson.json', '{');
    expect((await failureOf(openDatasetSource(store, 'bad/notjson.json', { scratchRoot }))).message).toMatch(/not JSON/);
    const missing = await failureOf(openDatasetSource(store, 'bad/missing.json', { scratchRoot }));
    expect(missing.nonRetryable).toBe(true);
    expect(missing.message).toMatch(/datasetKey bad\/missing.json: no such object/);
    await bad({ shards: [], count: 0 }, 'bad/empty.json');
    expect((await failureOf(openDatasetSource(store, 'bad/empty.json', { scratchRoot }))).type).toBe('EmptySelection');
  });

  it('fails on a shard whose size does not match its shape', async () => {
    const shards = data.dataset.shards.map((s) => ({ ...s, spectrograms: { ...s.spectrograms } }));
    shards[0]!.spectrograms.key = 'bad/short.f32';
    await store.put('bad/short.f32', new Uint8Array(12));
    await store.put('bad/short.json', JSON.stringify({ ...data.dataset, shards }));
    const source = await openDatasetSource(store, 'bad/short.json', { scratchRoot });
    try {
      const error = await Promise.resolve(source.read(0, 1)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApplicationFailure);
      expect((error as Error).message).toMatch(/shard bad\/short.f32: expected 960 bytes for float32 \[5, 4, 6, 2\], found 12/);
    } finally {
      await source.close();
    }
  });
});
