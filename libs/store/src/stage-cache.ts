import { createHash } from 'node:crypto';
import type { BlobStore } from './blob-store';

/**
 * Canonical JSON: object keys sorted at every level, so equal settings hash equally whatever
 * order they were written in. `undefined` members are dropped, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * Content address of a stage output: `cache/<stage>/<sha256(stage, version, inputs)[0:32]>`.
 * `version` is the stage's code version: bump it when the stage's output for the same inputs
 * changes, and every cached output of that stage (and so of the stages after it, whose inputs are
 * its keys) is recomputed on the next run.
 */
export function cacheKey(stage: string, version: number, inputs: unknown): string {
  const digest = createHash('sha256').update(canonicalJson({ stage, version, inputs })).digest('hex').slice(0, 32);
  return `cache/${stage}/${digest}`;
}

/**
 * Runs `compute` unless `<prefix>/_SUCCESS.json` already holds a result for these inputs, in which
 * case that result is returned with `reused: true`. The marker is written last, after every output
 * object, so a crash mid-stage never leaves a half-written output that looks complete.
 */
export async function cachedStage<T extends object>(
  store: BlobStore,
  stage: { name: string; version: number; inputs: unknown; force?: boolean },
  compute: (prefix: string) => Promise<T>,
): Promise<T & { reused: boolean }> {
  const prefix = cacheKey(stage.name, stage.version, stage.inputs);
  const marker = `${prefix}/_SUCCESS.json`;
  if (!stage.force && (await store.stat(marker))) {
    return { ...(JSON.parse((await store.get(marker)).toString('utf8')) as T), reused: true };
  }
  const result = await compute(prefix);
  await store.put(marker, JSON.stringify(result));
  return { ...result, reused: false };
}
