import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FsBlobStore } from '@seisdec/store';

/** An FsBlobStore in a fresh temporary directory, with its cleanup. */
export async function tempStore(): Promise<{ store: FsBlobStore; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(path.join(tmpdir(), 'seisdec-cluster-'));
  return { store: new FsBlobStore(root), cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** The rejection of a promise (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { nonRetryable?: boolean; type?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { nonRetryable?: boolean; type?: string };
  }
  throw new Error('expected a rejection, but the promise resolved');
}
