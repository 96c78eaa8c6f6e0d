/**
 * Chooses and initialises the tfjs backend once per process:
 *
 *   @tensorflow/tfjs-node-gpu ('tensorflow', CUDA) > @tensorflow/tfjs-node ('tensorflow', CPU)
 *   > @tensorflow/tfjs-backend-wasm ('wasm', XNNPACK + our training kernels) > 'cpu' (pure JS)
 *
 * The native packages are optional: they are loaded with a guarded require, and a failure is logged
 * as the reason for falling through, so nothing here needs them to build or test. The choice can be
 * forced with the environment variable SEISDEC_TF_BACKEND (tensorflow | wasm | cpu), which wins over
 * `options.prefer`; a forced backend that cannot start falls through to the next one in the order.
 * SEISDEC_TFJS_NODE_MODULES may name a node_modules folder searched first for the native packages.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from '../kernels/register-wasm-kernels';

/** Backend families initBackend can choose from, fastest first. */
export const BACKEND_PREFERENCES = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendPreference = (typeof BACKEND_PREFERENCES)[number];

/** Environment variable that forces a backend family. */
export const BACKEND_ENV_VAR = 'SEISDEC_TF_BACKEND';

/**
 * Optional node_modules folder searched first for the native packages, e.g. the output of
 * tools/model-native/build-tfjs-node.sh (tfjs-node built against the tensorflow-cpu wheel).
 */
export const NATIVE_MODULES_ENV_VAR = 'SEISDEC_TFJS_NODE_MODULES';

/** Native packages tried for 'tensorflow', in order (GPU build first). */
export const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

export interface InitBackendOptions {
  /** Start the search at this family (default 'tensorflow', i.e. the full automatic order). */
  prefer?: BackendPreference;
  /** Receives one line per decision (default: console.info). */
  log?: (msg: string) => void;
}

export interface BackendChoice {
  /** tfjs backend name now active: 'tensorflow', 'wasm' or 'cpu'. */
  backend: string;
  /** npm package that provides it. */
  package: string;
  /** Why this one: what was requested and why the ones before it were skipped. */
  reason: string;
}

let chosen: Promise<BackendChoice> | undefined;

/**
 * Initialises the best available backend (see file header) and returns what was chosen and why.
 * Idempotent: later calls return the first call's choice (and log that they did).
 */
export function initBackend(options: InitBackendOptions = {}): Promise<BackendChoice> {
  const log = options.log ?? ((msg: string) => console.info(`[seisdec/model] ${msg}`));
  if (chosen !== undefined) {
    return chosen.then((choice) => {
      log(`backend already initialised: ${choice.backend} (${choice.package})`);
      return choice;
    });
  }
  let request: BackendRequest;
  try {
    request = resolveRequest(options.prefer);
  } catch (error) {
    return Promise.reject(error);
  }
  chosen = chooseBackend(request, log).catch((error: unknown) => {
    chosen = undefined; // let a later call try again
    throw error;
  });
  return chosen;
}

interface BackendRequest {
  start: BackendPreference;
  source: string;
}

/** SEISDEC_TF_BACKEND > options.prefer > automatic. */
function resolveRequest(prefer: BackendPreference | undefined): BackendRequest {
  const fromEnv = process.env[BACKEND_ENV_VAR]?.trim();
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!isPreference(fromEnv)) {
      throw new Error(`${BACKEND_ENV_VAR} must be one of ${BACKEND_PREFERENCES.join(', ')}; got '${fromEnv}'`);
    }
    return { start: fromEnv, source: `${BACKEND_ENV_VAR}=${fromEnv}` };
  }
  if (prefer !== undefined) {
    if (!isPreference(prefer)) {
      throw new Error(`options.prefer must be one of ${BACKEND_PREFERENCES.join(', ')}; got '${String(prefer)}'`);
    }
    return { start: prefer, source: `prefer=${prefer}` };
  }
  return { start: 'tensorflow', source: 'automatic' };
}

function isPreference(value: string): value is BackendPreference {
  return (BACKEND_PREFERENCES as readonly string[]).includes(value);
}

async function chooseBackend(request: BackendRequest, log: (msg: string) => void): Promise<BackendChoice> {
  const skipped: string[] = [];
  const order = BACKEND_PREFERENCES.slice(BACKEND_PREFERENCES.indexOf(request.start));
  for (const family of order) {
    const attempt = await tryFamily(family);
    if ('failure' in attempt) {
      skipped.push(attempt.failure);
      log(`backend ${family} unavailable: ${attempt.failure}`);
      continue;
    }
    const reason = [request.source, ...skipped, ...(attempt.skipped ?? [])].join('; ');
    const choice: BackendChoice = { backend: tf.getBackend(), package: attempt.package, reason };
    log(`backend ${choice.backend} from ${choice.package} (${reason})${attempt.detail ? `: ${attempt.detail}` : ''}`);
    return choice;
  }
  throw new Error(`no tfjs backend could be initialised (${[request.source, ...skipped].join('; ')})`);
}

/** A started backend (with anything skipped on the way inside its family), or why none started. */
type Attempt = { package: string; detail?: string; skipped?: string[] } | { failure: string };

async function tryFamily(family: BackendPreference): Promise<Attempt> {
  switch (family) {
    case 'tensorflow':
      return tryNative();
    case 'wasm':
      return tryWasm();
    case 'cpu':
      return (await tf.setBackend('cpu')) ? { package: '@tensorflow/tfjs' } : { failure: 'cpu backend failed to start' };
  }
}

async function tryNative(): Promise<Attempt> {
  const failures: string[] = [];
  for (const pkg of NATIVE_PACKAGES) {
    const failure = loadNativePackage(pkg);
    if (failure !== undefined) {
      failures.push(`${pkg} not loadable (${failure})`);
      continue;
    }
    if (tf.findBackendFactory('tensorflow') === null) {
      failures.push(`${pkg} loaded but registered no 'tensorflow' backend in this @tensorflow/tfjs (version mismatch?)`);
      continue;
    }
    if (await tf.setBackend('tensorflow')) return { package: pkg, skipped: failures };
    failures.push(`${pkg} loaded but its backend failed to start`);
  }
  return { failure: failures.join('; ') };
}

/**
 * Guarded require of an optional native package, from SEISDEC_TFJS_NODE_MODULES first when set,
 * then from this module's own resolution paths. Returns the errors' first lines, or undefined.
 */
function loadNativePackage(pkg: string): string | undefined {
  const extraModules = process.env[NATIVE_MODULES_ENV_VAR]?.trim();
  const origins = [
    ...(extraModules ? [path.join(path.resolve(extraModules), '..', 'resolve-from-here.js')] : []),
    __filename,
  ];
  const failures: string[] = [];
  for (const origin of origins) {
    try {
      createRequire(origin)(pkg);
      return undefined;
    } catch (error) {
      failures.push(firstLine(error));
    }
  }
  return failures.join(' / ');
}

let wasmPathsSet = false;

async function tryWasm(): Promise<Attempt> {
  try {
    if (!wasmPathsSet) {
      setWasmPaths(wasmBinaryDirectory());
      wasmPathsSet = true;
    }
    if (!(await tf.setBackend('wasm'))) return { failure: 'wasm backend failed to start' };
    const kernels = registerWasmTrainingKernels(); // after start-up: see registerWasmTrainingKernels
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    return {
      package: '@tensorflow/tfjs-backend-wasm',
      detail: `SIMD ${simd ? 'on' : 'off'}, our kernels: ${kernels.join(', ')}`,
    };
  } catch (error) {
    return { failure: firstLine(error) };
  }
}

/** Folder (with trailing separator) of the .wasm binaries shipped inside the npm package. */
function wasmBinaryDirectory(): string {
  const packageJson = createRequire(__filename).resolve('@tensorflow/tfjs-backend-wasm/package.json');
  return path.join(path.dirname(packageJson), 'dist') + path.sep;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
