import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FsBlobStore } from './fs-blob-store';
import { getTensor, putTensor } from './tensor-io';

describe('tensor objects', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'seisdec-tensor-'));
  });
  afterEach(async () => rm(root, { recursive: true, force: true }));

  it('round-trips float32 and int32 tensors, including subarray views', async () => {
    const store = new FsBlobStore(root);
    const backing = new Float32Array([9, 1.5, -2, 3.25, 4, 9]);
    const ref = await putTensor(store, 't/f.bin', backing.subarray(1, 5), [2, 2]);
    expect(ref).toEqual({ key: 't/f.bin', dtype: 'float32', shape: [2, 2] });
    expect([...(await getTensor(store, ref))]).toEqual([1.5, -2, 3.25, 4]);
    const labels = await putTensor(store, 't/l.bin', new Int32Array([0, 3, 1]), [3]);
    expect([...(await getTensor(store, labels))]).toEqual([0, 3, 1]);
    // raw little-endian float32: readable by numpy.fromfile(f, '<f4')
    expect((await store.get('t/f.bin')).readFloatLE(4)).toBe(-2);
  });

  it('refuses a shape that does not match the data or the stored bytes', async () => {
    const store = new FsBlobStore(root);
    await expect(putTensor(store, 'bad', new Float32Array(3), [2, 2])).rejects.toThrow(/shape \[2, 2\] holds 4 values, data has 3/);
    const ref = await putTensor(store, 'ok', new Float32Array(4), [4]);
    await expect(getTensor(store, { ...ref, shape: [5] })).rejects.toThrow(/expected 20 bytes/);
  });
});
