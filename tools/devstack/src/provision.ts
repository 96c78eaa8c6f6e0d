import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { access, chmod, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { withFileLock } from './lock';
import { binaryPath, binDir, cacheDir } from './paths';
import type { GoBinarySpec } from './versions';

export type Log = (message: string) => void;

export class GoToolchainError extends Error {
  override name = 'GoToolchainError';
}

/** Version of the Go toolchain on PATH (or /usr/local/go), e.g. `1.26.8`; throws a how-to-install error. */
export function goVersion(goBinary = findGo()): string {
  const result = spawnSync(goBinary, ['env', 'GOVERSION'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } });
  const match = /^go(\d+\.\d+(?:\.\d+)?)/.exec((result.stdout ?? '').trim());
  if (result.error || result.status !== 0 || !match?.[1]) {
    throw new GoToolchainError(
      'Go toolchain not found: the dev stack builds Temporal and MinIO from their Go modules. ' +
        'Install Go >= 1.25 (this machine kind ships it as /usr/local/go/bin/go; put it on PATH). ' +
        "Debian's `apt-get install golang-go` is too old for these modules.",
    );
  }
  return match[1];
}

export function findGo(): string {
  const onPath = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (!onPath.error && onPath.status === 0) return 'go';
  return '/usr/local/go/bin/go';
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/**
 * Path of the cached server binary, building it with `go install module@version` the first time on
 * this machine. Concurrent callers wait for one build (file lock); the binary appears atomically.
 */
export async function ensureBinary(spec: GoBinarySpec, log: Log = () => undefined): Promise<string> {
  const target = binaryPath(spec);
  if (await isExecutable(target)) return target;
  await mkdir(binDir(), { recursive: true });
  return withFileLock(`${target}.lock`, async () => {
    if (await isExecutable(target)) return target;
    const go = findGo();
    const version = goVersion(go);
    if (compareVersions(version, spec.minGo) < 0) {
      throw new GoToolchainError(
        `Go ${version} is too old to build ${spec.module}@${spec.version} (needs >= ${spec.minGo}). ` +
          "Use this machine's Go (/usr/local/go/bin/go) rather than Debian's golang-go.",
      );
    }
    const buildRoot = path.join(cacheDir(), 'build');
    await mkdir(buildRoot, { recursive: true });
    const gobin = await mkdtemp(path.join(buildRoot, `${spec.name}-`));
    const logFile = path.join(buildRoot, `${spec.name}-${spec.version}.log`);
    log(`building ${spec.module}@${spec.version} with Go ${version} (first time on this machine; several minutes). Log: ${logFile}`);
    const started = Date.now();
    try {
      await runLogged(go, ['install', `${spec.module}@${spec.version}`], { ...process.env, GOBIN: gobin, GOTOOLCHAIN: 'local', CGO_ENABLED: '0' }, logFile);
      const built = path.join(gobin, path.basename(spec.module));
      await chmod(built, 0o755);
      await rename(built, target);
    } finally {
      await rm(gobin, { recursive: true, force: true });
    }
    log(`built ${spec.name} ${spec.version} in ${Math.round((Date.now() - started) / 1000)} s -> ${target}`);
    return target;
  });
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, 0o1);
    return true;
  } catch {
    return false;
  }
}

function runLogged(command: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(logFile);
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on('error', reject);
    child.on('close', (code) => {
      out.end();
      if (code === 0) resolve();
      else reject(new Error(`\`${command} ${args.join(' ')}\` failed with exit code ${code}; see ${logFile}`));
    });
  });
}
