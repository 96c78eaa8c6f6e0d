import { BlobStoreConnectionSchema, formatIssues, type BlobStoreConnection } from '@seisdec/contracts';
import type { BlobStore } from './blob-store';
import { FsBlobStore } from './fs-blob-store';
import { MinioBlobStore } from './minio-blob-store';

/** Builds the adapter a validated connection describes. */
export function createBlobStore(connection: BlobStoreConnection): BlobStore {
  const parsed = BlobStoreConnectionSchema.safeParse(connection);
  if (!parsed.success) throw new Error(`invalid object-store connection: ${formatIssues(parsed.error)}`);
  const c = parsed.data;
  return c.kind === 'fs' ? new FsBlobStore(c.root) : new MinioBlobStore(c);
}
