import { spawnSync } from 'node:child_process';
import { access, chmod, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { binDir, cacheDir, compareVersions, findGo, goVersion, GoToolchainError } from '@seisdec/devstack';

/**
 * kustomize renders the overlays in tests. Pinned and built from the Go module proxy (like the dev
 * stack's servers, cached in ~/.cache/seisdec/bin), rather than taken from whatever kubectl a machine
 * has: Debian's kubernetes-client is 1.20 with kustomize v2.0.3, which predates `labels`, inline
 * `patches` and per-generator options; v5.5.0 is the kustomize inside kubectl 1.32, so
 * `kubectl kustomize` of that generation renders the same objects (a test compares them when a
 * kubectl with kustomize v5 is on PATH).
 */
export const KUSTOMIZE = { name: 'kustomize', module: 'sigs.k8s.io/kustomize/kustomize/v5', version: 'v5.5.0', minGo: '1.22' } as const;

export function kustomizePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(binDir(env), `${KUSTOMIZE.name}-${KUSTOMIZE.version}`);
}

/**
 * Path of the cached kustomize, building it once per machine (about a minute) on first use. Two
 * concurrent first uses both build; each renames its identical binary into place atomically.
 */
export async function ensureKustomize(log: (line: string) => void = () => undefined): Promise<string> {
  const target = kustomizePath();
  if (await isExecutable(target)) return target;
  await mkdir(binDir(), { recursive: true });
  const go = findGo();
  const version = goVersion(go);
  if (compareVersions(version, KUSTOMIZE.minGo) < 0) {
    throw new GoToolchainError(`Go ${version} is too old to build ${KUSTOMIZE.module}@${KUSTOMIZE.version} (needs >= ${KUSTOMIZE.minGo})`);
  }
  await mkdir(path.join(cacheDir(), 'build'), { recursive: true });
  const gobin = await mkdtemp(path.join(cacheDir(), 'build', 'kustomize-'));
  log(`building ${KUSTOMIZE.module}@${KUSTOMIZE.version} with Go ${version} (first time on this machine)`);
  try {
    const result = spawnSync(go, ['install', `${KUSTOMIZE.module}@${KUSTOMIZE.version}`], {
      env: { ...process.env, GOBIN: gobin, GOTOOLCHAIN: 'local', CGO_ENABLED: '0' },
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    });
    if (result.status !== 0) throw new Error(`go install ${KUSTOMIZE.module}@${KUSTOMIZE.version} failed: ${(result.stderr ?? '').slice(-2000)}`);
    // `go install` names the binary after the module path without its major-version suffix.
    const built = path.join(gobin, 'kustomize');
    await chmod(built, 0o755);
    await rename(built, target);
  } finally {
    await rm(gobin, { recursive: true, force: true });
  }
  return target;
}

/** kubectl on PATH whose embedded kustomize is v5 or newer, or why there is none. */
export function kubectlWithKustomizeV5(): { path: string; kustomize: string } | { reason: string } {
  const result = spawnSync('kubectl', ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return { reason: 'no kubectl on PATH' };
  const info = JSON.parse(result.stdout) as { kustomizeVersion?: string };
  const version = info.kustomizeVersion ?? '';
  const major = /^v(\d+)\./.exec(version)?.[1];
  if (!major || Number(major) < 5) return { reason: `kubectl's kustomize is ${version || 'unknown'} (< v5)` };
  return { path: 'kubectl', kustomize: version };
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, 0o1);
    return true;
  } catch {
    return false;
  }
}
