import type { TensorRef } from '@seisdec/contracts';
import { BlobNotFoundError, type BlobStore } from '@seisdec/store';
import { invalidInput } from './failures';

/** A row-major float32 matrix read from the store. */
export interface Float32Matrix {
  data: Float32Array;
  rows: number;
  cols: number;
}

/**
 * Reads a float32 [rows, cols] tensor. A reference of the wrong dtype or rank, a missing object or
 * one whose byte length disagrees with the shape is bad input (non-retryable, naming `field` and
 * the key); store outages throw plainly so Temporal retries them.
 */
export async function readFloat32Matrix(store: BlobStore, ref: TensorRef, field: string): Promise<Float32Matrix> {
  if (ref.dtype !== 'float32' || ref.shape.length !== 2) {
    throw invalidInput(`${field}: expected a float32 [rows, cols] tensor, got ${ref.dtype} [${ref.shape.join(', ')}] (${ref.key})`);
  }
  const [rows, cols] = ref.shape as [number, number];
  const data = new Float32Array(await readExact(store, ref.key, rows * cols * 4, field, `float32 [${rows}, ${cols}]`));
  return { data, rows, cols };
}

/** Reads an int32 vector tensor of shape [n]. */
export async function readInt32Vector(store: BlobStore, ref: TensorRef, field: string): Promise<Int32Array> {
  if (ref.dtype !== 'int32' || ref.shape.length !== 1) {
    throw invalidInput(`${field}: expected an int32 [n] tensor, got ${ref.dtype} [${ref.shape.join(', ')}] (${ref.key})`);
  }
  const n = ref.shape[0]!;
  return new Int32Array(await readExact(store, ref.key, n * 4, field, `int32 [${n}]`));
}

/** Reads a raw float32 object that must hold exactly `count` values (shape known from elsewhere). */
export async function readFloat32Values(store: BlobStore, key: string, count: number, field: string, shape: number[]): Promise<Float32Array> {
  return new Float32Array(await readExact(store, key, count * 4, field, `float32 [${shape.join(', ')}]`));
}

/** Object bytes copied into a fresh aligned buffer of exactly `bytes` bytes. */
async function readExact(store: BlobStore, key: string, bytes: number, field: string, described: string): Promise<ArrayBuffer> {
  let raw: Buffer;
  try {
    raw = await store.get(key);
  } catch (error) {
    if (error instanceof BlobNotFoundError) throw invalidInput(`${field}: object ${key} does not exist in ${store.location}`);
    throw error;
  }
  if (raw.byteLength !== bytes) {
    throw invalidInput(`${field}: object ${key} holds ${raw.byteLength} bytes, expected ${bytes} for ${described}`);
  }
  const out = new ArrayBuffer(bytes);
  new Uint8Array(out).set(raw);
  return out;
}

/** Reads and parses a JSON object; a missing object or invalid JSON is bad input naming `field`. */
export async function readJson(store: BlobStore, key: string, field: string): Promise<unknown> {
  let raw: Buffer;
  try {
    raw = await store.get(key);
  } catch (error) {
    if (error instanceof BlobNotFoundError) throw invalidInput(`${field}: object ${key} does not exist in ${store.location}`);
    throw error;
  }
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch (error) {
    throw invalidInput(`${field}: object ${key} is not valid JSON (${(error as Error).message})`);
  }
}
