/**
 * Where the specs of the graph engine find the native backend: SEISDEC_TFJS_NODE_MODULES when set,
 * else the folder tools/model-native/build-tfjs-node.sh caches for this Node ABI (only if its build
 * completed). Returns undefined when neither exists, so the native specs can be skipped by name.
 */
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { NATIVE_MODULES_ENV_VAR } from '../backend/init-backend';

export function nativeModulesForTests(): string | undefined {
  const fromEnv = process.env[NATIVE_MODULES_ENV_VAR]?.trim();
  if (fromEnv) return fromEnv;
  const cache = path.join(process.env['SEISDEC_CACHE_DIR'] ?? path.join(process.env['XDG_CACHE_HOME'] ?? path.join(homedir(), '.cache'), 'seisdec'), 'tfjs-node');
  if (!existsSync(cache)) return undefined;
  const abi = `-node${process.versions.modules}`;
  const built = readdirSync(cache)
    .filter((name) => name.endsWith(abi) && existsSync(path.join(cache, name, '.complete')))
    .sort();
  const newest = built[built.length - 1];
  return newest === undefined ? undefined : path.join(cache, newest, 'node_modules');
}
