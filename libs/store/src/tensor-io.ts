import type { TensorRef } from '@seisdec/contracts';
import type { BlobStore } from './blob-store';

type TypedFor<D extends TensorRef['dtype']> = D extends 'float32' ? Float32Array : Int32Array;

// Stored tensors are raw little-endian values; every platform seisdec targets is little-endian,
// which this guard makes explicit instead of silently byte-swapping wrong.
const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Writes a Float32Array or Int32Array as a raw little-endian tensor object and returns its reference. */
export async function putTensor(store: BlobStore, key: string, data: Float32Array | Int32Array, shape: number[]): Promise<TensorRef> {
  if (!littleEndian) throw new Error('putTensor: big-endian hosts are not supported');
  const expected = shape.reduce((a, b) => a * b, 1);
  if (expected !== data.length) throw new Error(`putTensor ${key}: shape [${shape.join(', ')}] holds ${expected} values, data has ${data.length}`);
  await store.put(key, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return { key, dtype: data instanceof Float32Array ? 'float32' : 'int32', shape };
}

/** Reads a tensor object back; its byte length must match the reference's shape. */
export async function getTensor<D extends TensorRef['dtype']>(store: BlobStore, ref: TensorRef & { dtype: D }): Promise<TypedFor<D>> {
  if (!littleEndian) throw new Error('getTensor: big-endian hosts are not supported');
  const bytes = await store.get(ref.key);
  const count = ref.shape.reduce((a, b) => a * b, 1);
  if (bytes.byteLength !== count * 4) {
    throw new Error(`tensor ${ref.key}: expected ${count * 4} bytes for ${ref.dtype} [${ref.shape.join(', ')}], found ${bytes.byteLength}`);
  }
  // Copy into a fresh, aligned buffer (Buffer slices may start at odd offsets).
  const out = ref.dtype === 'float32' ? new Float32Array(count) : new Int32Array(count);
  new Uint8Array(out.buffer).set(bytes);
  return out as TypedFor<D>;
}
