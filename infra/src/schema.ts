import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { k8sDir, nameOf, type K8sObject } from './render';

/** Kubernetes version whose OpenAPI schema the manifests are validated against (infra/k8s/schemas). */
export const KUBERNETES_SCHEMA_VERSION = 'v1.32.0';

interface SchemaBundle {
  $id: string;
  'x-seisdec-kinds': Record<string, string>;
}

/**
 * Validates objects against the strict Kubernetes schemas shipped in infra/k8s/schemas (no network).
 * Kinds outside the Kubernetes API (KEDA's ScaledObject) are not covered here; see policy.ts.
 */
export class KubernetesSchemas {
  private readonly ajv: Ajv2020;
  private readonly kinds: Record<string, string>;
  private readonly bundleId: string;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(file = path.join(k8sDir, 'schemas', `kubernetes-${KUBERNETES_SCHEMA_VERSION}-strict.json`)) {
    const bundle = JSON.parse(readFileSync(file, 'utf8')) as SchemaBundle;
    // Kubernetes' OpenAPI formats (int32, int64, byte, double, date-time) are not JSON Schema formats;
    // types and shapes are what matters here, so formats are not asserted.
    this.ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
    this.ajv.addSchema(bundle);
    this.kinds = bundle['x-seisdec-kinds'];
    this.bundleId = bundle.$id;
  }

  covers(o: Pick<K8sObject, 'apiVersion' | 'kind'>): boolean {
    return Object.hasOwn(this.kinds, `${o.apiVersion}/${o.kind}`);
  }

  /** Error lines (`Kind/name: /path message`), empty when valid; throws for a kind without schema. */
  validate(o: K8sObject): string[] {
    const key = `${o.apiVersion}/${o.kind}`;
    const definition = this.kinds[key];
    if (definition === undefined) throw new Error(`no Kubernetes schema for ${key} (${nameOf(o)})`);
    let validator = this.compiled.get(key);
    if (!validator) {
      validator = this.ajv.compile({ $ref: `${this.bundleId}#/$defs/${definition}` });
      this.compiled.set(key, validator);
    }
    if (validator(o)) return [];
    return (validator.errors ?? []).map((e) => {
      const extra = e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})` : '';
      return `${nameOf(o)}: ${e.instancePath || '/'} ${e.message ?? e.keyword}${extra}`;
    });
  }
}
