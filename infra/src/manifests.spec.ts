import * as path from 'node:path';
import { SEARCH_ATTRIBUTES, SeisdecEnvSchema, TASK_QUEUES } from '@seisdec/contracts';
import { byKind, find, HEARTBEAT_BOUND_SECONDS, packageVersion, renderAll, seisdecConfig, WORKER_QUEUES, type Rendered } from './fixtures';
import { checkAll, durationSeconds, gpuConsumers, podSpecOf, type Container, type PodSpec } from './policy';
import { k8sDir, KUSTOMIZATIONS, nameOf, parseObjects, renderYaml, type K8sObject } from './render';
import { KubernetesSchemas } from './schema';
import { kubectlWithKustomizeV5 } from './tools';

let rendered: Rendered;
let kustomize: string;
const schemas = new KubernetesSchemas();

beforeAll(async () => {
  ({ kustomize, rendered } = await renderAll());
}, 10 * 60_000); // the first run on a machine builds kustomize from the Go module proxy (~1 min)

const dev = () => rendered['overlays/dev']!;
const prod = () => rendered['overlays/prod']!;
const overlays = () => [
  ['dev', dev()],
  ['prod', prod()],
] as const;
const everything = () => Object.entries(rendered).flatMap(([source, objects]) => objects.map((o) => [source, o] as const));

function container(o: K8sObject): Container {
  return podSpecOf(o)!.containers[0]!;
}
function envValue(c: Container, name: string): string | undefined {
  return c.env?.find((e) => e.name === name)?.value;
}

describe('kustomize renders', () => {
  it.each(KUSTOMIZATIONS)('%s', (dir) => {
    expect(rendered[dir]!.length).toBeGreaterThan(0);
  });

  it('both overlays: the five workers, their PDBs, the ServiceAccount, settings and the namespace', () => {
    for (const [, objects] of overlays()) {
      expect(byKind(objects, 'Deployment').map((d) => d.metadata.name).sort()).toEqual(Object.keys(WORKER_QUEUES).sort());
      expect(byKind(objects, 'PodDisruptionBudget')).toHaveLength(5);
      expect(byKind(objects, 'ServiceAccount').map((o) => o.metadata.name)).toEqual(['seisdec-worker']);
      expect(byKind(objects, 'Namespace')).toHaveLength(1);
    }
  });

  const kubectl = kubectlWithKustomizeV5();
  const withKubectl = 'path' in kubectl ? it : it.skip;
  withKubectl(`kubectl kustomize renders the same objects (${'path' in kubectl ? `kubectl's kustomize ${kubectl.kustomize}` : kubectl.reason})`, () => {
    for (const dir of KUSTOMIZATIONS) {
      const viaKubectl = parseObjects(renderYaml('kubectl', path.join(k8sDir, dir), true));
      expect(viaKubectl).toEqual(rendered[dir]);
    }
  });

  it('pins kustomize by version (the cached binary is the one the tests name)', () => {
    expect(path.basename(kustomize)).toBe('kustomize-v5.5.0');
  });
});

describe('Kubernetes OpenAPI schema (v1.32, strict), offline', () => {
  it('every rendered Kubernetes object validates', () => {
    const errors = everything().flatMap(([source, o]) => (schemas.covers(o) ? schemas.validate(o).map((e) => `${source}: ${e}`) : []));
    expect(errors).toEqual([]);
  });

  it('every kind is covered by the shipped schemas except KEDA ScaledObjects and TriggerAuthentications (checked below)', () => {
    const uncovered = everything().filter(([, o]) => !schemas.covers(o)).map(([, o]) => `${o.apiVersion}/${o.kind}`);
    expect([...new Set(uncovered)].sort()).toEqual(['keda.sh/v1alpha1/ScaledObject', 'keda.sh/v1alpha1/TriggerAuthentication']);
  });

  it('rejects a misspelt field, a wrong type and a missing required field', () => {
    const deployment = structuredClone(find(dev(), 'Deployment', 'ingest-worker'));
    const c = container(deployment) as Container & Record<string, unknown>;
    c['livenesProbe'] = c.livenessProbe;
    (deployment['spec'] as Record<string, unknown>)['replicas'] = 'two';
    delete (c as Partial<Container>).name;
    const errors = schemas.validate(deployment).join('\n');
    expect(errors).toMatch(/livenesProbe/);
    expect(errors).toMatch(/\/spec\/replicas/);
    expect(errors).toMatch(/required property 'name'/);
  });
});

describe('policy', () => {
  it('every workload: non-root, no escalation, caps dropped, seccomp, read-only root, requests+limits, pinned images, no inline secrets, probes, no API access', () => {
    const violations = everything().flatMap(([source, o]) => checkAll(o).map((v) => `${source}: ${v}`));
    expect(violations).toEqual([]);
  });

  it('no Secret objects anywhere; MinIO keys come from secretKeyRef to seisdec-minio', () => {
    for (const [, o] of everything()) expect(o.kind).not.toBe('Secret');
    for (const [, objects] of overlays()) {
      for (const d of byKind(objects, 'Deployment')) {
        const refs = container(d).env!.filter((e) => e.valueFrom?.secretKeyRef).map((e) => [e.name, e.valueFrom!.secretKeyRef]);
        expect(refs).toEqual([
          ['SEISDEC_MINIO_ACCESS_KEY', { name: 'seisdec-minio', key: 'access-key' }],
          ['SEISDEC_MINIO_SECRET_KEY', { name: 'seisdec-minio', key: 'secret-key' }],
        ]);
      }
    }
  });

  it('the ConfigMap holds only SEISDEC_* settings the code reads, and the health port the probes use', () => {
    const known = new Set([...Object.keys(SeisdecEnvSchema.shape), 'SEISDEC_HEALTH_HOST', 'SEISDEC_HEALTH_PORT']);
    for (const [, objects] of overlays()) {
      const config = seisdecConfig(objects);
      expect(Object.keys(config).filter((k) => !known.has(k))).toEqual([]);
      expect(config['SEISDEC_HEALTH_HOST']).toBe('0.0.0.0');
      for (const d of byKind(objects, 'Deployment')) {
        const port = container(d).ports!.find((p) => p.name === 'health')!;
        expect(String(port.containerPort)).toBe(config['SEISDEC_HEALTH_PORT']);
      }
      expect(SeisdecEnvSchema.safeParse({ ...config, SEISDEC_MINIO_ACCESS_KEY: 'placeholder', SEISDEC_MINIO_SECRET_KEY: 'placeholder' }).success).toBe(true);
    }
  });

  it('task queues: each worker is labelled with its TASK_QUEUES entry', () => {
    for (const [, objects] of overlays()) {
      for (const d of byKind(objects, 'Deployment')) {
        const template = (d['spec'] as { template: { metadata: { labels: Record<string, string> } } }).template;
        expect(template.metadata.labels['seisdec.io/task-queue']).toBe(TASK_QUEUES[WORKER_QUEUES[d.metadata.name!]!]);
      }
    }
  });

  it('graceful termination: SEISDEC_SHUTDOWN_GRACE covers the longest stretch without a heartbeat, and the pod outlives it', () => {
    for (const [, objects] of overlays()) {
      for (const d of byKind(objects, 'Deployment')) {
        const grace = durationSeconds(envValue(container(d), 'SEISDEC_SHUTDOWN_GRACE')!);
        expect(grace).toBeGreaterThanOrEqual(HEARTBEAT_BOUND_SECONDS[d.metadata.name!]!);
        expect(podSpecOf(d)!.terminationGracePeriodSeconds!).toBeGreaterThanOrEqual(grace + 15);
      }
    }
  });

  it('a disruption budget selects each worker pod', () => {
    for (const [, objects] of overlays()) {
      for (const d of byKind(objects, 'Deployment')) {
        const pdb = find(objects, 'PodDisruptionBudget', d.metadata.name!);
        const podLabels = (d['spec'] as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;
        const selector = (pdb['spec'] as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels;
        expect(podLabels).toMatchObject(selector);
        expect((pdb['spec'] as { maxUnavailable?: number }).maxUnavailable).toBe(1);
      }
    }
  });

  it('workers use the token-less ServiceAccount', () => {
    for (const [, objects] of overlays()) {
      for (const d of byKind(objects, 'Deployment')) expect((podSpecOf(d) as PodSpec & { serviceAccountName?: string }).serviceAccountName).toBe('seisdec-worker');
    }
  });

  it('image tags equal the package version, and every image has a Dockerfile', () => {
    const version = packageVersion();
    for (const [, o] of everything()) {
      const pod = podSpecOf(o);
      for (const c of pod?.containers ?? []) {
        if (!c.image!.startsWith('seisdec/')) continue;
        const [name, tag] = c.image!.split(':');
        expect(tag).toBe(version);
        expect(require('node:fs').existsSync(path.join(k8sDir, '..', 'docker', `${name!.slice('seisdec/'.length)}.Dockerfile`))).toBe(true);
      }
    }
  });
});

describe('dev overlay', () => {
  it('one replica each, CPU training image, no GPU, no autoscaling', () => {
    for (const d of byKind(dev(), 'Deployment')) expect((d['spec'] as { replicas?: number }).replicas).toBe(1);
    expect(container(find(dev(), 'Deployment', 'train-worker')).image).toBe(`seisdec/train-worker:${packageVersion()}`);
    expect(gpuConsumers(dev())).toEqual([]);
    expect(byKind(dev(), 'ScaledObject')).toEqual([]);
  });
});

describe('prod overlay', () => {
  it('GPU limits only on the train worker, which runs the GPU image on GPU nodes', () => {
    expect(gpuConsumers(prod())).toEqual(['Deployment/train-worker worker']);
    const train = find(prod(), 'Deployment', 'train-worker');
    const c = container(train);
    expect(c.image).toBe(`seisdec/train-worker-gpu:${packageVersion()}`);
    expect(c.resources!.limits!['nvidia.com/gpu']).toBe('1');
    expect(envValue(c, 'SEISDEC_TF_BACKEND')).toBe('tensorflow');
    const pod = podSpecOf(train) as PodSpec & { affinity?: unknown; tolerations?: { key: string }[] };
    expect(JSON.stringify(pod.affinity)).toContain('nvidia.com/gpu.present');
    expect(pod.tolerations!.map((t) => t.key)).toEqual(['nvidia.com/gpu']);
  });

  it('KEDA scales ingest, featurise and cluster on their own task queue, at the configured Temporal', () => {
    const config = seisdecConfig(prod());
    const scaled = byKind(prod(), 'ScaledObject');
    expect(scaled.map((s) => s.metadata.name).sort()).toEqual(['cluster-worker', 'featurise-worker', 'ingest-worker']);
    for (const s of scaled) {
      const spec = s['spec'] as { scaleTargetRef: { name: string }; minReplicaCount: number; maxReplicaCount: number; triggers: { type: string; metadata: Record<string, string> }[] } & Record<string, unknown>;
      // No schema ships for KEDA's CRD: the fields used are checked against KEDA's documented ones.
      expect(Object.keys(spec).filter((k) => !['scaleTargetRef', 'pollingInterval', 'cooldownPeriod', 'initialCooldownPeriod', 'idleReplicaCount', 'minReplicaCount', 'maxReplicaCount', 'fallback', 'advanced', 'triggers'].includes(k))).toEqual([]);
      const target = find(prod(), 'Deployment', spec.scaleTargetRef.name);
      expect((target['spec'] as { replicas?: number }).replicas).toBeUndefined();
      expect(spec.minReplicaCount).toBeGreaterThanOrEqual(1);
      expect(spec.maxReplicaCount).toBeGreaterThan(spec.minReplicaCount);
      expect(spec.triggers).toHaveLength(1);
      const [trigger] = spec.triggers;
      expect(trigger!.type).toBe('temporal');
      const documented = ['endpoint', 'endpointFromEnv', 'namespace', 'taskQueue', 'targetQueueSize', 'activationTargetQueueSize', 'queueTypes', 'minConnectTimeout', 'unsafeSsl', 'tlsServerName'];
      expect(Object.keys(trigger!.metadata).filter((k) => !documented.includes(k))).toEqual([]);
      expect(trigger!.metadata['taskQueue']).toBe(TASK_QUEUES[WORKER_QUEUES[target.metadata.name!]!]);
      expect(trigger!.metadata['endpoint']).toBe(config['SEISDEC_TEMPORAL_ADDRESS']);
      expect(trigger!.metadata['namespace']).toBe(config['SEISDEC_TEMPORAL_NAMESPACE']);
      expect(trigger!.metadata['queueTypes']).toBe('activity');
      expect(Number(trigger!.metadata['targetQueueSize'])).toBeGreaterThanOrEqual(Number(envValue(container(target), 'SEISDEC_MAX_CONCURRENT_ACTIVITIES')));
    }
  });

  it('prod-temporal-mtls: prod plus, in every worker, the mTLS Secret mounted and SEISDEC_TEMPORAL_TLS_* pointing at it; KEDA authenticates with it', () => {
    const mtls = rendered['overlays/prod-temporal-mtls']!;
    const kindsAndNames = (objects: K8sObject[]) => objects.map((o) => nameOf(o)).sort();
    expect(kindsAndNames(mtls)).toEqual([...kindsAndNames(prod()), 'TriggerAuthentication/seisdec-temporal-mtls'].sort());
    const deployments = byKind(mtls, 'Deployment');
    expect(deployments).toHaveLength(5);
    for (const d of deployments) {
      const pod = podSpecOf(d) as PodSpec & { volumes: { name: string; secret?: { secretName: string } }[]; securityContext?: { fsGroup?: number } };
      const c = container(d) as Container & { volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[] };
      const mount = c.volumeMounts.find((m) => m.name === 'temporal-tls');
      expect(mount).toMatchObject({ mountPath: '/etc/seisdec/temporal-tls', readOnly: true });
      expect(pod.volumes.find((v) => v.name === 'temporal-tls')?.secret?.secretName).toBe('seisdec-temporal-tls');
      expect(pod.securityContext?.fsGroup).toBeDefined(); // the 0440 Secret files are readable through it
      // Only the three TLS variables are added, all of them known to the contract, all inside the mount.
      const added = (c.env ?? []).filter((e) => e.name.startsWith('SEISDEC_TEMPORAL_TLS'));
      expect(added.map((e) => e.name).sort()).toEqual(['SEISDEC_TEMPORAL_TLS_CA', 'SEISDEC_TEMPORAL_TLS_CERT', 'SEISDEC_TEMPORAL_TLS_KEY']);
      for (const e of added) {
        expect(Object.keys(SeisdecEnvSchema.shape)).toContain(e.name);
        expect(e.value!.startsWith(`${mount!.mountPath}/`)).toBe(true);
      }
      const unchanged = find(prod(), 'Deployment', d.metadata.name!);
      expect((container(d).env ?? []).filter((e) => !e.name.startsWith('SEISDEC_TEMPORAL_TLS'))).toEqual(container(unchanged).env ?? []);
    }
    const auth = find(mtls, 'TriggerAuthentication', 'seisdec-temporal-mtls')['spec'] as { secretTargetRef: { parameter: string; name: string; key: string }[] };
    // KEDA's temporal scaler documents ca, cert and key (and apiKey) as its authentication parameters.
    expect(auth.secretTargetRef.map((r) => `${r.parameter}=${r.name}/${r.key}`).sort()).toEqual(['ca=seisdec-temporal-tls/ca.crt', 'cert=seisdec-temporal-tls/tls.crt', 'key=seisdec-temporal-tls/tls.key']);
    for (const s of byKind(mtls, 'ScaledObject')) {
      const [trigger] = (s['spec'] as { triggers: { authenticationRef?: { name: string } }[] }).triggers;
      expect(trigger!.authenticationRef).toEqual({ name: 'seisdec-temporal-mtls' });
    }
  });

  it('two orchestrators; train and orchestrator keep a fixed replica count', () => {
    expect((find(prod(), 'Deployment', 'orchestrator-worker')['spec'] as { replicas: number }).replicas).toBe(2);
    expect((find(prod(), 'Deployment', 'train-worker')['spec'] as { replicas: number }).replicas).toBe(1);
  });
});

describe('platform: search-attribute registration Job', () => {
  const job = () => find(rendered['platform/search-attributes']!, 'Job', 'seisdec-register-search-attributes');

  it('registers exactly SEARCH_ATTRIBUTES of @seisdec/contracts', () => {
    const pairs = envValue(container(job()), 'SEISDEC_SEARCH_ATTRIBUTES')!.split(/\s+/).map((p) => p.split('='));
    expect(Object.fromEntries(pairs)).toEqual(SEARCH_ATTRIBUTES);
    expect(pairs).toHaveLength(Object.keys(SEARCH_ATTRIBUTES).length);
  });

  it('talks to the Temporal address and namespace the workers use', () => {
    const config = seisdecConfig(prod());
    expect(envValue(container(job()), 'TEMPORAL_ADDRESS')).toBe(config['SEISDEC_TEMPORAL_ADDRESS']);
    expect(envValue(container(job()), 'TEMPORAL_NAMESPACE')).toBe(config['SEISDEC_TEMPORAL_NAMESPACE']);
  });
});

describe('CLI Job recipe', () => {
  it('uses the fixed-name settings ConfigMap that both overlays render, never retries, and starts a run', () => {
    const job = rendered['jobs/seisdec-run.yaml']![0]!;
    expect(nameOf(job)).toBe('Job/seisdec-run-');
    const c = container(job) as Container & { args: string[] };
    expect(c.envFrom).toEqual([{ configMapRef: { name: 'seisdec-cli-config' } }]);
    for (const [, objects] of overlays()) expect(find(objects, 'ConfigMap', 'seisdec-cli-config')['data']).toEqual(seisdecConfig(objects));
    expect((job['spec'] as { backoffLimit: number }).backoffLimit).toBe(0);
    expect(c.args.slice(0, 1)).toEqual(['run']);
  });
});

describe('the policy checks fail on wrong manifests', () => {
  const broken = () => structuredClone(find(dev(), 'Deployment', 'ingest-worker'));

  it('root, escalation, capabilities, writable root', () => {
    const d = broken();
    const pod = podSpecOf(d)!;
    pod.securityContext = { runAsUser: 0 };
    pod.containers[0]!.securityContext = { allowPrivilegeEscalation: true };
    const v = checkAll(d).join('\n');
    for (const expected of ['runAsNonRoot is not true', 'runAsUser is 0', 'allowPrivilegeEscalation', 'readOnlyRootFilesystem', 'drop ALL', 'seccomp']) expect(v).toContain(expected);
  });

  it('missing limits, request above limit, moving or missing image tag', () => {
    const d = broken();
    const c = podSpecOf(d)!.containers[0]!;
    c.resources = { requests: { cpu: '2', memory: '1Gi' }, limits: { cpu: '1' } };
    c.image = 'seisdec/ingest-worker:latest';
    const v = checkAll(d).join('\n');
    expect(v).toContain('no memory limit');
    expect(v).toContain('cpu request 2 exceeds limit 1');
    expect(v).toContain('moving tag "latest"');
    c.image = 'seisdec/ingest-worker';
    expect(checkAll(d).join('\n')).toContain('has no tag or digest');
  });

  it('inline secret values, Secret objects, secret-looking ConfigMap keys', () => {
    const d = broken();
    podSpecOf(d)!.containers[0]!.env!.push({ name: 'SEISDEC_MINIO_SECRET_KEY', value: 'hunter22hunter22' });
    expect(checkAll(d).join('\n')).toContain('SEISDEC_MINIO_SECRET_KEY must come from a secretKeyRef');
    expect(checkAll({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } })).toHaveLength(1);
    expect(checkAll({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { SEISDEC_MINIO_ACCESS_KEY: 'k' } })).toHaveLength(1);
  });

  it('missing or misdirected probes, mounted tokens, RBAC objects', () => {
    const d = broken();
    const c = podSpecOf(d)!.containers[0]!;
    delete c.livenessProbe;
    c.readinessProbe = { httpGet: { path: '/livez', port: 'health' } };
    c.startupProbe = { httpGet: { path: '/livez', port: 'metrics' } };
    podSpecOf(d)!.automountServiceAccountToken = true;
    const v = checkAll(d).join('\n');
    expect(v).toContain('no livenessProbe');
    expect(v).toContain('readinessProbe checks /livez, expected /readyz');
    expect(v).toContain('names port metrics');
    expect(v).toContain('automountServiceAccountToken');
    expect(checkAll({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'x' } })).toHaveLength(1);
  });
});
