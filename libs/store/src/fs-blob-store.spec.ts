import { mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FsBlobStore } from './fs-blob-store';
import { InvalidKeyError } from './blob-store';
import { describeBlobStoreContract } from './testing/blob-store-contract';

const roots: string[] = [];
afterAll(async () => {
  await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })));
});

async function freshRoot(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'seisdec-fs-store-'));
  roots.push(root);
  return root;
}

describeBlobStoreContract('filesystem', async () => new FsBlobStore(await freshRoot()));

describe('FsBlobStore specifics', () => {
  it('never writes outside its root, even through a "../" key', async () => {
    const outer = await freshRoot();
    const store = new FsBlobStore(path.join(outer, 'root'));
    await expect(store.put('../outside.txt', 'x')).rejects.toThrow(InvalidKeyError);
    await expect(store.put('sub/../../outside.txt', 'x')).rejects.toThrow(InvalidKeyError);
    expect(await readdir(outer)).toEqual([]);
  });

  it('leaves no temporary files behind after writes', async () => {
    const root = await freshRoot();
    const store = new FsBlobStore(root);
    await store.put('k/v.bin', new Uint8Array(10));
    expect(await readdir(path.join(root, 'k'))).toEqual(['v.bin']);
  });

  it('reports the file:// location and maps keys under the root', async () => {
    const root = await freshRoot();
    const store = new FsBlobStore(root);
    expect(store.location).toBe(`file://${root}`);
    expect(store.pathOf('a/b.bin')).toBe(path.join(root, 'a', 'b.bin'));
  });

  it('lists files already on disk (a directory of SDS files is a valid store)', async () => {
    const root = await freshRoot();
    await writeFile(path.join(root, 'plain.txt'), 'abc');
    await symlink(path.join(root, 'plain.txt'), path.join(root, 'link.txt')).catch(() => undefined);
    const keys: string[] = [];
    for await (const info of new FsBlobStore(root).list()) keys.push(info.key);
    expect(keys).toContain('plain.txt');
  });
});
