import { nameOf, type K8sObject } from './render';

/*
 * Policy checks over rendered manifests. Each returns violation lines (empty = compliant), so the
 * tests can show that a check fails on a deliberately wrong object as well as passing on ours.
 */

export interface Container {
  name: string;
  image?: string;
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: unknown; configMapKeyRef?: unknown } }[];
  envFrom?: unknown[];
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  securityContext?: SecurityContext;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  ports?: { name?: string; containerPort: number }[];
}
export interface Probe {
  httpGet?: { path?: string; port?: string | number };
}
interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  privileged?: boolean;
  capabilities?: { drop?: string[]; add?: string[] };
  seccompProfile?: { type?: string };
}
export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: SecurityContext;
  automountServiceAccountToken?: boolean;
  hostNetwork?: boolean;
  hostPID?: boolean;
  terminationGracePeriodSeconds?: number;
}

/** The pod template of a workload (Deployment, Job), or undefined for other kinds. */
export function podSpecOf(o: K8sObject): PodSpec | undefined {
  const spec = o['spec'] as { template?: { spec?: PodSpec } } | undefined;
  return o.kind === 'Deployment' || o.kind === 'Job' || o.kind === 'StatefulSet' || o.kind === 'DaemonSet' ? spec?.template?.spec : undefined;
}

export function containersOf(pod: PodSpec): Container[] {
  return [...(pod.initContainers ?? []), ...pod.containers];
}

/** Restricted Pod Security: non-root, no escalation, all capabilities dropped, seccomp, read-only root. */
export function checkSecurity(o: K8sObject): string[] {
  const pod = podSpecOf(o);
  if (!pod) return [];
  const out: string[] = [];
  const podCtx = pod.securityContext ?? {};
  if (pod.hostNetwork || pod.hostPID) out.push(`${nameOf(o)}: uses the host network or PID namespace`);
  for (const c of containersOf(pod)) {
    const ctx = c.securityContext ?? {};
    const where = `${nameOf(o)} container ${c.name}`;
    const nonRoot = ctx.runAsNonRoot ?? podCtx.runAsNonRoot;
    const user = ctx.runAsUser ?? podCtx.runAsUser;
    if (nonRoot !== true) out.push(`${where}: runAsNonRoot is not true`);
    if (user === 0) out.push(`${where}: runAsUser is 0 (root)`);
    if (ctx.privileged) out.push(`${where}: privileged`);
    if (ctx.allowPrivilegeEscalation !== false) out.push(`${where}: allowPrivilegeEscalation is not false`);
    if (ctx.readOnlyRootFilesystem !== true) out.push(`${where}: readOnlyRootFilesystem is not true`);
    if (!(ctx.capabilities?.drop ?? []).includes('ALL')) out.push(`${where}: capabilities do not drop ALL`);
    if ((ctx.capabilities?.add ?? []).length > 0) out.push(`${where}: adds capabilities ${ctx.capabilities?.add?.join(',')}`);
    const seccomp = ctx.seccompProfile?.type ?? podCtx.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') out.push(`${where}: no RuntimeDefault/Localhost seccomp profile`);
  }
  return out;
}

/** Parses a Kubernetes quantity (`250m`, `1.5`, `512Mi`, `2G`) to a number of base units. */
export function parseQuantity(q: string | number): number {
  if (typeof q === 'number') return q;
  const match = /^(\d+(?:\.\d+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(q.trim());
  if (!match) throw new Error(`not a Kubernetes quantity: ${JSON.stringify(q)}`);
  const scale: Record<string, number> = { '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
  return Number(match[1]) * scale[match[2] ?? '']!;
}

/** Every container requests and limits cpu and memory, with requests <= limits. */
export function checkResources(o: K8sObject): string[] {
  const pod = podSpecOf(o);
  if (!pod) return [];
  const out: string[] = [];
  for (const c of containersOf(pod)) {
    const where = `${nameOf(o)} container ${c.name}`;
    for (const resource of ['cpu', 'memory']) {
      const request = c.resources?.requests?.[resource];
      const limit = c.resources?.limits?.[resource];
      if (request === undefined) out.push(`${where}: no ${resource} request`);
      if (limit === undefined) out.push(`${where}: no ${resource} limit`);
      if (request !== undefined && limit !== undefined && parseQuantity(request) > parseQuantity(limit)) {
        out.push(`${where}: ${resource} request ${request} exceeds limit ${limit}`);
      }
    }
  }
  return out;
}

/** `name:tag` with an exact tag (not `latest`) or `name@sha256:<64 hex>`. */
export function imagePinProblem(image: string | undefined): string | undefined {
  if (!image) return 'no image';
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return undefined;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : undefined;
  if (tag === undefined) return `image ${image} has no tag or digest`;
  if (tag === 'latest' || !/\d/.test(tag)) return `image ${image} uses the moving tag "${tag}"`;
  return undefined;
}

export function checkImages(o: K8sObject): string[] {
  const pod = podSpecOf(o);
  if (!pod) return [];
  return containersOf(pod).flatMap((c) => {
    const problem = imagePinProblem(c.image);
    return problem ? [`${nameOf(o)} container ${c.name}: ${problem}`] : [];
  });
}

const SECRET_NAME = /SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL/i;

/** No Secret objects in the manifests; secret-looking env vars and ConfigMap keys only by reference. */
export function checkNoInlineSecrets(o: K8sObject): string[] {
  if (o.kind === 'Secret') return [`${nameOf(o)}: Secrets must be created by the platform team, not committed`];
  if (o.kind === 'ConfigMap') {
    const data = (o['data'] ?? {}) as Record<string, string>;
    return Object.keys(data)
      .filter((k) => SECRET_NAME.test(k))
      .map((k) => `${nameOf(o)}: key ${k} looks like a secret; use a Secret and secretKeyRef`);
  }
  const pod = podSpecOf(o);
  if (!pod) return [];
  return containersOf(pod).flatMap((c) =>
    (c.env ?? [])
      .filter((e) => SECRET_NAME.test(e.name) && (e.value !== undefined || !e.valueFrom?.secretKeyRef))
      .map((e) => `${nameOf(o)} container ${c.name}: ${e.name} must come from a secretKeyRef`),
  );
}

/** Long-running workers: liveness, readiness and startup probes on the health endpoints. */
export function checkProbes(o: K8sObject): string[] {
  const pod = podSpecOf(o);
  if (o.kind !== 'Deployment' || !pod) return [];
  const out: string[] = [];
  for (const c of pod.containers) {
    const where = `${nameOf(o)} container ${c.name}`;
    const expect: [keyof Container, string][] = [
      ['livenessProbe', '/livez'],
      ['readinessProbe', '/readyz'],
      ['startupProbe', '/livez'],
    ];
    for (const [probe, path] of expect) {
      const p = c[probe] as Probe | undefined;
      if (!p?.httpGet) out.push(`${where}: no ${probe} (HTTP GET ${path})`);
      else if (p.httpGet.path !== path) out.push(`${where}: ${probe} checks ${p.httpGet.path}, expected ${path}`);
      else if (typeof p.httpGet.port === 'string' && !(c.ports ?? []).some((port) => port.name === p.httpGet?.port)) {
        out.push(`${where}: ${probe} names port ${p.httpGet.port}, which the container does not declare`);
      }
    }
  }
  return out;
}

/** No Kubernetes API rights: no RBAC objects, no mounted service-account tokens. */
export function checkNoApiAccess(o: K8sObject): string[] {
  if (['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'].includes(o.kind)) return [`${nameOf(o)}: seisdec needs no Kubernetes API rights`];
  if (o.kind === 'ServiceAccount' && o['automountServiceAccountToken'] !== false) return [`${nameOf(o)}: automountServiceAccountToken is not false`];
  const pod = podSpecOf(o);
  if (pod && pod.automountServiceAccountToken !== false) return [`${nameOf(o)}: pod automountServiceAccountToken is not false`];
  return [];
}

/** Every generic check, for one object. */
export function checkAll(o: K8sObject): string[] {
  return [checkSecurity, checkResources, checkImages, checkNoInlineSecrets, checkProbes, checkNoApiAccess].flatMap((check) => check(o));
}

/** `30s`, `10m`, `500ms` (SEISDEC_SHUTDOWN_GRACE syntax) in seconds. */
export function durationSeconds(value: string): number {
  const match = /^(\d+)(ms|s|m)$/.exec(value);
  if (!match) throw new Error(`not a duration like 30s: ${JSON.stringify(value)}`);
  const n = Number(match[1]);
  return match[2] === 'ms' ? n / 1000 : match[2] === 'm' ? n * 60 : n;
}

/** Names of nvidia.com/gpu-limited containers as `Kind/name container`. */
export function gpuConsumers(objects: K8sObject[]): string[] {
  return objects.flatMap((o) => {
    const pod = podSpecOf(o);
    return pod ? containersOf(pod).filter((c) => c.resources?.limits?.['nvidia.com/gpu'] !== undefined || c.resources?.requests?.['nvidia.com/gpu'] !== undefined).map((c) => `${nameOf(o)} ${c.name}`) : [];
  });
}
