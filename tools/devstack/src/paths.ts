import { homedir } from 'node:os';
import * as path from 'node:path';
import type { GoBinarySpec } from './versions';

/**
 * Per-user cache outside the repository, so every clone (and CI on the same machine) reuses the
 * built servers: `$SEISDEC_CACHE_DIR`, else `$XDG_CACHE_HOME/seisdec`, else `~/.cache/seisdec`.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['SEISDEC_CACHE_DIR']) return path.resolve(env['SEISDEC_CACHE_DIR']);
  const xdg = env['XDG_CACHE_HOME'];
  return path.join(xdg ? path.resolve(xdg) : path.join(env['HOME'] || homedir(), '.cache'), 'seisdec');
}

export function binDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheDir(env), 'bin');
}

/** `~/.cache/seisdec/bin/temporal-v1.5.1` */
export function binaryPath(spec: GoBinarySpec, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(binDir(env), `${spec.name}-${spec.version}`);
}

/** Each named stack (profile) has its own ports, data and credentials: `dev`, `ci`, `jest-<pid>`. */
export function stackDir(profile: string, env: NodeJS.ProcessEnv = process.env): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(profile)) throw new Error(`invalid stack profile ${JSON.stringify(profile)}: expected letters, digits, "_", "-", "."`);
  return path.join(cacheDir(env), 'stacks', profile);
}
