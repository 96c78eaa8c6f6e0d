import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TASK_QUEUES } from '@seisdec/contracts';
import { ensureKustomize } from './tools';
import { k8sDir, KUSTOMIZATIONS, parseObjects, PLAIN_MANIFESTS, renderYaml, repoRoot, type K8sObject } from './render';

/** Worker Deployment name -> the TASK_QUEUES entry it polls. */
export const WORKER_QUEUES: Record<string, keyof typeof TASK_QUEUES> = {
  'orchestrator-worker': 'orchestrator',
  'ingest-worker': 'ingest',
  'featurise-worker': 'featurise',
  'train-worker': 'gpu',
  'cluster-worker': 'cluster',
};

/**
 * The longest time each worker's activities may go without a heartbeat, from the activity options in
 * workflows/src (heartbeatTimeout of the proxy for that queue; the orchestrator runs no activities).
 * SEISDEC_SHUTDOWN_GRACE must cover it, so a drained pod finishes what it started.
 */
export const HEARTBEAT_BOUND_SECONDS: Record<string, number> = {
  'orchestrator-worker': 0,
  'ingest-worker': 5 * 60,
  'featurise-worker': 10 * 60,
  'cluster-worker': 10 * 60,
  'train-worker': 30 * 60,
};

/** Rendered output of every kustomization and plain manifest, keyed by its path under infra/k8s. */
export type Rendered = Record<string, K8sObject[]>;

export async function renderAll(): Promise<{ kustomize: string; rendered: Rendered }> {
  const kustomize = await ensureKustomize((line) => process.stderr.write(`infra tests: ${line}\n`));
  const rendered: Rendered = {};
  for (const dir of KUSTOMIZATIONS) rendered[dir] = parseObjects(renderYaml(kustomize, path.join(k8sDir, dir)));
  for (const file of PLAIN_MANIFESTS) rendered[file] = parseObjects(readFileSync(path.join(k8sDir, file), 'utf8'));
  return { kustomize, rendered };
}

export function byKind(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind);
}

export function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`${kind}/${name} not rendered`);
  return found;
}

/** The settings ConfigMap's data (the hashed one the Deployments use). */
export function seisdecConfig(objects: K8sObject[]): Record<string, string> {
  const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name?.startsWith('seisdec-config-'));
  if (!config) throw new Error('ConfigMap seisdec-config-<hash> not rendered');
  return config['data'] as Record<string, string>;
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
}
