import { Client } from 'minio';
import type { Readable } from 'node:stream';
import type { MinioConnection } from '@seisdec/contracts';
import { assertValidKey, assertValidPrefix, BlobNotFoundError, readAll, type BlobInfo, type BlobStore } from './blob-store';

/** Object-store adapter over a MinIO (or any S3-compatible) bucket. */
export class MinioBlobStore implements BlobStore {
  readonly location: string;
  private readonly client: Client;
  private readonly bucket: string;
  private bucketReady: Promise<void> | undefined;

  constructor(connection: MinioConnection) {
    this.client = new Client({
      endPoint: connection.endPoint,
      port: connection.port,
      useSSL: connection.useSSL,
      accessKey: connection.accessKey,
      secretKey: connection.secretKey,
    });
    this.bucket = connection.bucket;
    this.location = `minio://${connection.endPoint}:${connection.port}/${connection.bucket}`;
  }

  /** Creates the bucket when it does not exist yet (once per instance, retried after a failure). */
  ensureBucket(): Promise<void> {
    this.bucketReady ??= (async () => {
      if (!(await this.client.bucketExists(this.bucket))) {
        try {
          await this.client.makeBucket(this.bucket);
        } catch (error) {
          // Another process may have created it between the check and the call.
          if (!isCode(error, 'BucketAlreadyOwnedByYou', 'BucketAlreadyExists')) throw error;
        }
      }
    })().catch((error: unknown) => {
      this.bucketReady = undefined;
      throw error;
    });
    return this.bucketReady;
  }

  async put(key: string, data: Uint8Array | string): Promise<void> {
    assertValidKey(key);
    await this.ensureBucket();
    const body = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    await this.client.putObject(this.bucket, key, body, body.length, { 'Content-Type': contentTypeOf(key) });
  }

  async putFile(key: string, filePath: string): Promise<void> {
    assertValidKey(key);
    await this.ensureBucket();
    await this.client.fPutObject(this.bucket, key, filePath, { 'Content-Type': contentTypeOf(key) });
  }

  async get(key: string): Promise<Buffer> {
    return readAll(await this.getStream(key));
  }

  async getStream(key: string): Promise<Readable> {
    assertValidKey(key);
    await this.ensureBucket();
    try {
      return await this.client.getObject(this.bucket, key);
    } catch (error) {
      if (isCode(error, 'NoSuchKey', 'NotFound')) throw new BlobNotFoundError(key, this.location);
      throw error;
    }
  }

  async stat(key: string): Promise<BlobInfo | undefined> {
    assertValidKey(key);
    await this.ensureBucket();
    try {
      const s = await this.client.statObject(this.bucket, key);
      return { key, size: s.size, modified: s.lastModified };
    } catch (error) {
      if (isCode(error, 'NoSuchKey', 'NotFound')) return undefined;
      throw error;
    }
  }

  async *list(prefix = ''): AsyncIterable<BlobInfo> {
    assertValidPrefix(prefix);
    await this.ensureBucket();
    const stream = this.client.listObjectsV2(this.bucket, prefix, true);
    for await (const item of stream as AsyncIterable<{ name?: string; size: number; lastModified: Date }>) {
      if (item.name) yield { key: item.name, size: item.size, modified: item.lastModified };
    }
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    await this.ensureBucket();
    await this.client.removeObject(this.bucket, key);
  }
}

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
};

/** Content type by extension, so reports open in a browser straight from the bucket. */
export function contentTypeOf(key: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(key)?.[1]?.toLowerCase();
  return (ext && CONTENT_TYPES[ext]) ?? 'application/octet-stream';
}

function isCode(error: unknown, ...codes: string[]): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && codes.includes(code);
}
