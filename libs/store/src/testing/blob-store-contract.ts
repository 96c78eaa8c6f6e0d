import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { BlobNotFoundError, InvalidKeyError, readAll, type BlobStore } from '../blob-store';

/**
 * The behaviour every BlobStore adapter must share. Each adapter's spec calls this with a factory
 * giving a fresh, empty store, so the filesystem adapter and the MinIO adapter are held to exactly
 * the same contract.
 */
export function describeBlobStoreContract(name: string, freshStore: () => Promise<BlobStore>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let store: BlobStore;
    beforeEach(async () => {
      store = await freshStore();
    });

    it('round-trips bytes and strings', async () => {
      const bytes = new Uint8Array([0, 1, 2, 250, 255]);
      await store.put('a/b/bytes.bin', bytes);
      await store.put('a/text.txt', 'héllo');
      expect([...(await store.get('a/b/bytes.bin'))]).toEqual([0, 1, 2, 250, 255]);
      expect((await store.get('a/text.txt')).toString('utf8')).toBe('héllo');
    });

    it('writes a subarray view exactly, not its whole backing buffer', async () => {
      const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
      await store.put('view.bin', backing.subarray(2, 5));
      expect([...(await store.get('view.bin'))]).toEqual([1, 2, 3]);
    });

    it('replaces an existing object', async () => {
      await store.put('x', 'first version');
      await store.put('x', 'second');
      expect((await store.get('x')).toString()).toBe('second');
      expect((await store.stat('x'))?.size).toBe(6);
    });

    it('uploads a local file and streams it back', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'seisdec-contract-'));
      try {
        const file = path.join(dir, 'payload.bin');
        const payload = Buffer.alloc(300_000, 7);
        payload[123_456] = 42;
        await writeFile(file, payload);
        await store.putFile('files/payload.bin', file);
        const back = await readAll(await store.getStream('files/payload.bin'));
        expect(back.equals(payload)).toBe(true);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('stats objects and reports missing ones as undefined', async () => {
      await store.put('s/one', '12345');
      const info = await store.stat('s/one');
      expect(info).toMatchObject({ key: 's/one', size: 5 });
      expect(info?.modified).toBeInstanceOf(Date);
      expect(await store.stat('s/missing')).toBeUndefined();
    });

    it('rejects reads of missing objects with BlobNotFoundError naming the key', async () => {
      await expect(store.get('nope/missing.bin')).rejects.toThrow(BlobNotFoundError);
      await expect(store.get('nope/missing.bin')).rejects.toThrow(/nope\/missing\.bin/);
      await expect(store.getStream('nope/missing.bin')).rejects.toThrow(BlobNotFoundError);
    });

    it('lists recursively in key order, filtered by prefix', async () => {
      for (const key of ['runs/r1/b.bin', 'runs/r1/a.bin', 'runs/r10/c.bin', 'runs/r2/d.bin', 'other/e.bin']) {
        await store.put(key, key);
      }
      const all = await collect(store.list());
      expect(all.map((i) => i.key)).toEqual(['other/e.bin', 'runs/r1/a.bin', 'runs/r1/b.bin', 'runs/r10/c.bin', 'runs/r2/d.bin']);
      expect((await collect(store.list('runs/r1/'))).map((i) => i.key)).toEqual(['runs/r1/a.bin', 'runs/r1/b.bin']);
      expect((await collect(store.list('runs/r1'))).map((i) => i.key)).toEqual(['runs/r1/a.bin', 'runs/r1/b.bin', 'runs/r10/c.bin']);
      expect(await collect(store.list('absent/'))).toEqual([]);
      expect(all.find((i) => i.key === 'other/e.bin')?.size).toBe('other/e.bin'.length);
    });

    it('deletes objects, and deleting a missing object is not an error', async () => {
      await store.put('d/gone', 'bye');
      await store.delete('d/gone');
      expect(await store.stat('d/gone')).toBeUndefined();
      await expect(store.delete('d/never-existed')).resolves.toBeUndefined();
    });

    it.each([
      ['../escape', '".." segments'],
      ['a/../../escape', '".." segments'],
      ['/absolute', 'relative'],
      ['a//b', 'empty path segment'],
      ['a\\b', 'backslash'],
      ['', 'non-empty'],
      ['./x', '"." segments'],
    ])('refuses the key %j (%s)', async (key, reason) => {
      await expect(store.put(key, 'x')).rejects.toThrow(InvalidKeyError);
      await expect(store.get(key)).rejects.toThrow(reason);
      await expect(store.stat(key)).rejects.toThrow(InvalidKeyError);
    });
  });
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
