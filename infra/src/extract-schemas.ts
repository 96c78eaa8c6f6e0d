/**
 * Writes infra/k8s/schemas/kubernetes-<version>-strict.json: the Kubernetes OpenAPI definitions of the
 * kinds seisdec's manifests use, and everything they reference, as one JSON Schema (2020-12) with
 * `additionalProperties: false` on every object (so a misspelt field fails), descriptions dropped.
 *
 * Source: the `<version>-local-strict/_definitions.json` that the PyPI package kubernetes-validate
 * ships (generated from the Kubernetes OpenAPI spec, Apache-2.0). To refresh:
 *   pip download --no-deps -d /tmp/kv kubernetes-validate==1.37.0
 *   unzip -o -q /tmp/kv/kubernetes_validate-1.37.0-py3-none-any.whl 'kubernetes_validate/kubernetes-json-schema/v1.32.0-local-strict/_definitions.json' -d /tmp/kv
 *   tsx infra/src/extract-schemas.ts /tmp/kv/kubernetes_validate/kubernetes-json-schema/v1.32.0-local-strict/_definitions.json v1.32.0 kubernetes-validate==1.37.0
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './bundle';

/** apiVersion/kind -> OpenAPI definition name, for every kind in infra/k8s. */
export const SCHEMA_KINDS: Record<string, string> = {
  'v1/ConfigMap': 'io.k8s.api.core.v1.ConfigMap',
  'v1/Namespace': 'io.k8s.api.core.v1.Namespace',
  'v1/ServiceAccount': 'io.k8s.api.core.v1.ServiceAccount',
  'apps/v1/Deployment': 'io.k8s.api.apps.v1.Deployment',
  'batch/v1/Job': 'io.k8s.api.batch.v1.Job',
  'policy/v1/PodDisruptionBudget': 'io.k8s.api.policy.v1.PodDisruptionBudget',
  'networking.k8s.io/v1/NetworkPolicy': 'io.k8s.api.networking.v1.NetworkPolicy',
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Definition names reachable from `roots` through `#/$defs/...` references. */
export function referenceClosure(defs: Record<string, Json>, roots: string[]): string[] {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (seen.has(name)) continue;
    const def = defs[name];
    if (def === undefined) throw new Error(`definition ${name} is not in the source`);
    seen.add(name);
    for (const ref of refsIn(def)) queue.push(ref);
  }
  return [...seen].sort();
}

function refsIn(node: Json): string[] {
  if (Array.isArray(node)) return node.flatMap(refsIn);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' ? [value.replace(/^.*#\/\$defs\//, '')] : refsIn(value),
  );
}

/** Drops `description` texts (most of the size); keeps everything that constrains. */
function withoutDescriptions(node: Json): Json {
  if (Array.isArray(node)) return node.map(withoutDescriptions);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).filter(([key]) => key !== 'description').map(([key, value]) => [key, withoutDescriptions(value)]));
}

export function extractSchemas(source: { $defs: Record<string, Json> }, version: string, origin: string): Json {
  const names = referenceClosure(source.$defs, Object.values(SCHEMA_KINDS));
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://seisdec.local/schemas/kubernetes-${version}-strict.json`,
    $comment: `Kubernetes ${version} OpenAPI definitions (strict: no unknown fields) for the kinds in x-seisdec-kinds and what they reference; extracted by infra/src/extract-schemas.ts from ${origin}; descriptions removed.`,
    'x-seisdec-kinds': SCHEMA_KINDS,
    $defs: Object.fromEntries(names.map((name) => [name, withoutDescriptions(source.$defs[name]!)])),
  };
}

if (require.main === module) {
  const [definitionsFile, version, origin] = process.argv.slice(2);
  if (!definitionsFile || !version || !origin) {
    process.stderr.write('usage: tsx infra/src/extract-schemas.ts <_definitions.json> <v1.32.0> <kubernetes-validate==1.37.0>\n');
    process.exit(2);
  }
  const source = JSON.parse(readFileSync(definitionsFile, 'utf8')) as { $defs: Record<string, Json> };
  const out = path.join(repoRoot, 'infra/k8s/schemas', `kubernetes-${version}-strict.json`);
  writeFileSync(out, JSON.stringify(extractSchemas(source, version, origin)) + '\n');
  process.stdout.write(`wrote ${path.relative(process.cwd(), out)}\n`);
}
