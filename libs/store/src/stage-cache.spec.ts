import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FsBlobStore } from './fs-blob-store';
import { cachedStage, cacheKey, canonicalJson } from './stage-cache';

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson([undefined, null, 'x'])).toBe('[null,null,"x"]');
  });
});

describe('cacheKey', () => {
  it('depends on stage, version and inputs, not on key order', () => {
    const k = cacheKey('featurise', 1, { nperseg: 128, hop: 32 });
    expect(k).toMatch(/^cache\/featurise\/[0-9a-f]{32}$/);
    expect(cacheKey('featurise', 1, { hop: 32, nperseg: 128 })).toBe(k);
    expect(cacheKey('featurise', 2, { nperseg: 128, hop: 32 })).not.toBe(k);
    expect(cacheKey('featurise', 1, { nperseg: 256, hop: 32 })).not.toBe(k);
    expect(cacheKey('ingest', 1, { nperseg: 128, hop: 32 })).not.toBe(k);
  });
});

describe('cachedStage', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'seisdec-cache-'));
  });
  afterEach(async () => rm(root, { recursive: true, force: true }));

  it('computes once, then reuses; force recomputes', async () => {
    const store = new FsBlobStore(root);
    let calls = 0;
    const compute = async (prefix: string) => {
      calls++;
      await store.put(`${prefix}/out.bin`, 'data');
      return { outKey: `${prefix}/out.bin`, n: calls };
    };
    const stage = { name: 'demo', version: 1, inputs: { a: 1 } };
    const first = await cachedStage(store, stage, compute);
    expect(first).toMatchObject({ n: 1, reused: false });
    const second = await cachedStage(store, stage, compute);
    expect(second).toEqual({ outKey: first.outKey, n: 1, reused: true });
    expect(calls).toBe(1);
    expect(await cachedStage(store, { ...stage, force: true }, compute)).toMatchObject({ n: 2, reused: false });
  });

  it('does not mark a stage done when it fails midway', async () => {
    const store = new FsBlobStore(root);
    const stage = { name: 'fragile', version: 1, inputs: {} };
    await expect(
      cachedStage(store, stage, async (prefix) => {
        await store.put(`${prefix}/partial.bin`, 'half');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    const again = await cachedStage(store, stage, async () => ({ ok: true }));
    expect(again).toEqual({ ok: true, reused: false });
  });
});
