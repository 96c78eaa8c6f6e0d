import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** Repository root (this file lives at infra/src). */
export const repoRoot = path.resolve(__dirname, '../..');
export const k8sDir = path.join(repoRoot, 'infra/k8s');

/** A rendered Kubernetes object (only the fields every object has are typed). */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; generateName?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/** The kustomizations the tests render, relative to infra/k8s. */
export const KUSTOMIZATIONS = ['overlays/dev', 'overlays/prod', 'overlays/prod-temporal-mtls', 'platform/search-attributes'] as const;
/** Plain manifests applied with `kubectl create -f` (one-off Jobs). */
export const PLAIN_MANIFESTS = ['jobs/seisdec-run.yaml'] as const;

/** `kustomize build <dir>` (or `kubectl kustomize <dir>`) as YAML text. */
export function renderYaml(binary: string, dir: string, viaKubectl = false): string {
  const args = viaKubectl ? ['kustomize', dir] : ['build', dir];
  return execFileSync(binary, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Parses a multi-document YAML stream; YAML errors are thrown with the document index. */
export function parseObjects(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((doc, index) => {
      if (doc.errors.length > 0) throw new Error(`YAML document ${index}: ${doc.errors.map((e) => e.message).join('; ')}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

export function nameOf(o: K8sObject): string {
  return `${o.kind}/${o.metadata.name ?? o.metadata.generateName ?? '?'}`;
}
