import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { assertValidKey, assertValidPrefix, BlobNotFoundError, InvalidKeyError, type BlobInfo, type BlobStore } from './blob-store';

const TMP_SUFFIX = '.seisdec-partial';

/**
 * A directory as object store. Objects are files under `root`; writes go to a temporary sibling
 * and are renamed into place, so readers never see half an object and a crash leaves no partial
 * object under its real key.
 */
export class FsBlobStore implements BlobStore {
  readonly root: string;
  readonly location: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.location = pathToFileURL(this.root).href;
  }

  async put(key: string, data: Uint8Array | string): Promise<void> {
    const target = this.pathOf(key);
    await this.writeAtomically(target, (tmp) => writeFile(tmp, data));
  }

  async putFile(key: string, filePath: string): Promise<void> {
    const target = this.pathOf(key);
    await this.writeAtomically(target, (tmp) => copyFile(filePath, tmp));
  }

  async get(key: string): Promise<Buffer> {
    const file = this.pathOf(key);
    try {
      return await readFile(file);
    } catch (error) {
      throw this.translate(error, key);
    }
  }

  async getStream(key: string): Promise<Readable> {
    const file = this.pathOf(key);
    if (!(await this.stat(key))) throw new BlobNotFoundError(key, this.location);
    return createReadStream(file);
  }

  async stat(key: string): Promise<BlobInfo | undefined> {
    const file = this.pathOf(key);
    try {
      const s = await stat(file);
      return s.isFile() ? { key, size: s.size, modified: new Date(s.mtimeMs) } : undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async *list(prefix = ''): AsyncIterable<BlobInfo> {
    assertValidPrefix(prefix);
    // Walk only the deepest directory the prefix names, then filter on the full prefix.
    const dirPart = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const keys: string[] = [];
    await this.collectKeys(dirPart, keys);
    keys.sort();
    for (const key of keys) {
      if (!key.startsWith(prefix)) continue;
      const info = await this.stat(key);
      if (info) yield info;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  /** Absolute path of a key; refuses keys that would resolve outside the root. */
  pathOf(key: string): string {
    assertValidKey(key);
    const resolved = path.resolve(this.root, ...key.split('/'));
    if (resolved !== this.root && !resolved.startsWith(this.root + path.sep)) {
      throw new InvalidKeyError(key, `resolves outside the store root ${this.root}`);
    }
    return resolved;
  }

  private async collectKeys(relativeDir: string, out: string[]): Promise<void> {
    let entries;
    try {
      entries = await readdir(path.join(this.root, ...relativeDir.split('/').filter(Boolean)), { withFileTypes: true });
    } catch (error) {
      if (isNotFound(error) || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return;
      throw error;
    }
    for (const entry of entries) {
      const key = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await this.collectKeys(key, out);
      else if (entry.isFile() && !entry.name.endsWith(TMP_SUFFIX)) out.push(key);
    }
  }

  private async writeAtomically(target: string, write: (tmp: string) => Promise<void>): Promise<void> {
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(6).toString('hex')}${TMP_SUFFIX}`;
    try {
      await write(tmp);
      await rename(tmp, target);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }

  private translate(error: unknown, key: string): unknown {
    return isNotFound(error) || (error as NodeJS.ErrnoException).code === 'EISDIR' ? new BlobNotFoundError(key, this.location) : error;
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
