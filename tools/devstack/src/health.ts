import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTES, type SearchAttributeKind } from '@seisdec/contracts';
import { setTimeout as sleep } from 'node:timers/promises';

const IndexedValueType = temporal.api.enums.v1.IndexedValueType;

/** True once the frontend answers GetSystemInfo and the namespace is registered. */
export async function temporalHealthy(address: string, namespace: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 2_000 });
    await connection.workflowService.getSystemInfo({});
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

/** True once MinIO reports ready (all drives online, able to serve reads and writes). */
export async function minioHealthy(endPoint: string, port: number): Promise<boolean> {
  return httpOk(`http://${endPoint}:${port}/minio/health/ready`);
}

export async function httpOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

/** Polls `check` until it is true; throws with `what` and the log hint after `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs: number, isStillRunning: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    if (!isStillRunning()) throw new Error(`${what} exited during start-up`);
    await sleep(250);
  }
  throw new Error(`${what} did not become healthy within ${Math.round(timeoutMs / 1000)} s`);
}

/**
 * Registers seisdec's custom search attributes (idempotent: existing ones are left alone; one that
 * exists with another type is an error naming it).
 */
export async function ensureSearchAttributes(address: string, namespace: string): Promise<string[]> {
  const connection = await Connection.connect({ address });
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    const custom = existing.customAttributes ?? {};
    const missing: Record<string, number> = {};
    for (const [name, kind] of Object.entries(SEARCH_ATTRIBUTES)) {
      const wanted = indexedValueType(kind);
      const have = custom[name];
      if (have === undefined || have === null) missing[name] = wanted;
      else if (have !== wanted) throw new Error(`search attribute ${name} exists with type ${IndexedValueType[have]}, expected ${kind}`);
    }
    if (Object.keys(missing).length > 0) {
      await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
    }
    return Object.keys(missing);
  } finally {
    await connection.close();
  }
}

function indexedValueType(kind: SearchAttributeKind): number {
  const name = `INDEXED_VALUE_TYPE_${kind.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}` as keyof typeof IndexedValueType;
  const value = IndexedValueType[name];
  if (typeof value !== 'number') throw new Error(`unknown search attribute kind ${kind}`);
  return value;
}
