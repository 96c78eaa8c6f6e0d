import type { Readable } from 'node:stream';

/** Metadata of one stored object. */
export interface BlobInfo {
  key: string;
  size: number;
  /** Last modification time. */
  modified: Date;
}

/**
 * The port every seisdec component uses for bulk data: archives, window and spectrogram shards,
 * checkpoints, reports. Keys are `/`-separated relative paths (`runs/abc/shard-0001.bin`) and are
 * validated by {@link assertValidKey} in every adapter, so a key means the same object everywhere.
 */
export interface BlobStore {
  /** Human-readable location, e.g. `minio://127.0.0.1:9000/seisdec` or `file:///data/store`. */
  readonly location: string;
  /** Writes (or atomically replaces) an object. */
  put(key: string, data: Uint8Array | string): Promise<void>;
  /** Streams a local file into the store without loading it whole. */
  putFile(key: string, filePath: string): Promise<void>;
  /** Reads a whole object; rejects with {@link BlobNotFoundError} when it does not exist. */
  get(key: string): Promise<Buffer>;
  /** Streams an object; rejects with {@link BlobNotFoundError} when it does not exist. */
  getStream(key: string): Promise<Readable>;
  /** Metadata, or `undefined` when the object does not exist. */
  stat(key: string): Promise<BlobInfo | undefined>;
  /** Every object whose key starts with `prefix`, in ascending key order. */
  list(prefix?: string): AsyncIterable<BlobInfo>;
  /** Removes an object; removing a missing object is not an error. */
  delete(key: string): Promise<void>;
}

export class BlobNotFoundError extends Error {
  constructor(
    readonly key: string,
    readonly location: string,
  ) {
    super(`object not found: ${key} in ${location}`);
    this.name = 'BlobNotFoundError';
  }
}

export class InvalidKeyError extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`invalid object key ${JSON.stringify(key)}: ${reason}`);
    this.name = 'InvalidKeyError';
  }
}

/**
 * Keys are relative, `/`-separated, without empty, `.` or `..` segments, backslashes or control
 * characters, at most 1024 bytes (the S3 limit). Rejecting `..` here is what keeps the filesystem
 * adapter inside its root; the MinIO adapter applies the same rule so keys stay portable.
 */
export function assertValidKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new InvalidKeyError(String(key), 'expected a non-empty string');
  if (Buffer.byteLength(key) > 1024) throw new InvalidKeyError(key, 'longer than 1024 bytes');
  if (key.startsWith('/')) throw new InvalidKeyError(key, 'expected a relative key, not one starting with "/"');
  if (key.includes('\\')) throw new InvalidKeyError(key, 'backslashes are not allowed; use "/"');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key)) throw new InvalidKeyError(key, 'control characters are not allowed');
  for (const segment of key.split('/')) {
    if (segment === '') throw new InvalidKeyError(key, 'empty path segment ("//" or trailing "/")');
    if (segment === '.' || segment === '..') throw new InvalidKeyError(key, `"${segment}" segments are not allowed`);
  }
}

/** Prefixes are keys that may be empty or end in `/`. */
export function assertValidPrefix(prefix: string): void {
  if (prefix === '') return;
  assertValidKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
}

/** Collects a stream into one Buffer. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}
