/**
 * Where the specs of the graph engine find the native backend: SEISDEC_TFJS_NODE_MODULES when set,
 * else the folder tools/model-native/build-tfjs-node.sh caches for this Node ABI (only if its build
 * completed), else this repository's own node_modules; a candidate counts only if
 * @tensorflow/tfjs-node resolves from it. When none does, `reason` says why, for the skipped suite's name.
 * A package that resolves but does not load is not skipped: the specs fail on it.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { NATIVE_MODULES_ENV_VAR } from '../backend/init-backend';

export type NativeForTests = { available: true; modules: string | undefined } | { available: false; reason: string };

function resolvesFrom(origin: string): boolean {
  try {
    createRequire(origin).resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}

function cachedBuild(): string | undefined {
  const cache = path.join(process.env['SEISDEC_CACHE_DIR'] ?? path.join(process.env['XDG_CACHE_HOME'] ?? path.join(homedir(), '.cache'), 'seisdec'), 'tfjs-node');
  if (!existsSync(cache)) return undefined;
  const abi = `-node${process.versions.modules}`;
  const built = readdirSync(cache)
    .filter((name) => name.endsWith(abi) && existsSync(path.join(cache, name, '.complete')))
    .sort();
  const newest = built[built.length - 1];
  return newest === undefined ? undefined : path.join(cache, newest, 'node_modules');
}

export function nativeForTests(): NativeForTests {
  const fromEnv = process.env[NATIVE_MODULES_ENV_VAR]?.trim();
  if (fromEnv) {
    return resolvesFrom(path.join(path.resolve(fromEnv), 'x.js'))
      ? { available: true, modules: fromEnv }
      : { available: false, reason: `${NATIVE_MODULES_ENV_VAR}=${fromEnv} holds no @tensorflow/tfjs-node` };
  }
  const cached = cachedBuild();
  if (cached !== undefined && resolvesFrom(path.join(cached, 'x.js'))) return { available: true, modules: cached };
  if (resolvesFrom(__filename)) return { available: true, modules: undefined };
  return { available: false, reason: `no @tensorflow/tfjs-node here; set ${NATIVE_MODULES_ENV_VAR} or run tools/model-native/build-tfjs-node.sh` };
}

/** `describe` when the native backend is available (setting SEISDEC_TFJS_NODE_MODULES for initBackend), else `describe.skip` with the reason in the name. */
export function describeNative(name: string, body: () => void): void {
  const native = nativeForTests();
  if (!native.available) {
    describe.skip(`${name} (SKIPPED: ${native.reason})`, body);
    return;
  }
  if (native.modules !== undefined) process.env[NATIVE_MODULES_ENV_VAR] = native.modules;
  describe(`${name} on the native backend`, body);
}
