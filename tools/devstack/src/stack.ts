import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureSearchAttributes, httpOk, minioHealthy, temporalHealthy, waitUntil } from './health';
import { isAlive, withFileLock } from './lock';
import { pickPorts } from './ports';
import { ensureBinary, type Log } from './provision';
import { stackDir } from './paths';
import { CredentialsSchema, stackEnv, StackStateSchema, type Credentials, type StackState } from './stack-state';
import { MINIO_SERVER, TEMPORAL_CLI } from './versions';

export interface UpOptions {
  profile?: string;
  temporalPort?: number;
  temporalUiPort?: number;
  minioPort?: number;
  minioConsolePort?: number;
  bucket?: string;
  namespace?: string;
  log?: Log;
}

export interface RunningStack {
  state: StackState;
  credentials: Credentials;
  env: Record<string, string>;
  /** Where the SEISDEC_* variables were written (shell `source`-able, mode 0600). */
  envFile: string;
  stateFile: string;
  /** False when `up` found the stack already running and healthy. */
  started: boolean;
}

export interface StackStatus {
  profile: string;
  state?: StackState;
  temporal: { running: boolean; healthy: boolean; uiHealthy: boolean };
  minio: { running: boolean; healthy: boolean };
}

const START_TIMEOUT_MS = 90_000;

function files(profile: string) {
  const dir = stackDir(profile);
  return {
    dir,
    state: path.join(dir, 'state.json'),
    lastPorts: path.join(dir, 'last-ports.json'),
    credentials: path.join(dir, 'credentials.json'),
    env: path.join(dir, 'env'),
    lock: path.join(dir, 'stack.lock'),
    temporalDb: path.join(dir, 'temporal.sqlite'),
    temporalLog: path.join(dir, 'temporal.log'),
    minioData: path.join(dir, 'minio-data'),
    minioLog: path.join(dir, 'minio.log'),
  };
}

/**
 * Starts (or finds running) the real Temporal dev server and MinIO on loopback, waits until both
 * are healthy, registers the search attributes, and records PIDs, ports and credentials.
 * Data lives under the stack directory, so workflow histories and objects survive `down`/`up`.
 */
export async function up(options: UpOptions = {}): Promise<RunningStack> {
  const profile = options.profile ?? 'dev';
  const log = options.log ?? (() => undefined);
  const f = files(profile);
  const temporalBinary = await ensureBinary(TEMPORAL_CLI, log);
  const minioBinary = await ensureBinary(MINIO_SERVER, log);
  await mkdir(f.dir, { recursive: true, mode: 0o700 });
  return withFileLock(f.lock, async () => {
    const credentials = await loadOrCreateCredentials(f.credentials);
    const previous = await readState(profile);
    if (previous) {
      const status = await statusOf(profile, previous);
      if (status.temporal.healthy && status.minio.healthy) {
        log(`stack "${profile}" already running`);
        return finish(previous, credentials, false);
      }
      log(`stack "${profile}" was recorded but is not healthy; restarting it`);
      await stopProcesses(previous);
    }
    // Prefer the ports of the last run so bookmarked UI URLs keep working across restarts.
    const last = previous ?? (await readLastPorts(f.lastPorts));
    const [port, uiPort, httpPort, metricsPort, minioPort, consolePort] = await pickPorts([
      { name: 'Temporal gRPC', configured: options.temporalPort, preferred: last?.temporal.port },
      { name: 'Temporal UI', configured: options.temporalUiPort, preferred: last?.temporal.uiPort },
      { name: 'Temporal HTTP', preferred: last?.temporal.httpPort },
      { name: 'Temporal metrics', preferred: last?.temporal.metricsPort },
      { name: 'MinIO API', configured: options.minioPort, preferred: last?.minio.port },
      { name: 'MinIO console', configured: options.minioConsolePort, preferred: last?.minio.consolePort },
    ]) as [number, number, number, number, number, number];
    const namespace = options.namespace ?? 'default';
    const host = '127.0.0.1';

    const temporalPid = spawnDetached(
      temporalBinary,
      [
        'server', 'start-dev',
        '--ip', host,
        '--port', String(port),
        '--ui-port', String(uiPort),
        '--http-port', String(httpPort),
        '--metrics-port', String(metricsPort),
        '--db-filename', f.temporalDb,
        '--namespace', namespace,
        '--log-level', 'warn',
        '--log-format', 'json',
      ],
      {},
      f.temporalLog,
    );
    const minioPid = spawnMinio(minioBinary, { dataDir: f.minioData, host, port: minioPort, consolePort, logFile: f.minioLog }, credentials);
    const state: StackState = {
      profile,
      startedAt: new Date().toISOString(),
      temporal: {
        pid: temporalPid,
        binary: temporalBinary,
        version: TEMPORAL_CLI.version,
        address: `${host}:${port}`,
        port,
        uiPort,
        httpPort,
        metricsPort,
        uiUrl: `http://${host}:${uiPort}`,
        namespace,
        dbFile: f.temporalDb,
        logFile: f.temporalLog,
      },
      minio: {
        pid: minioPid,
        binary: minioBinary,
        version: MINIO_SERVER.version,
        endPoint: host,
        port: minioPort,
        consolePort,
        consoleUrl: `http://${host}:${consolePort}`,
        dataDir: f.minioData,
        logFile: f.minioLog,
        bucket: options.bucket ?? 'seisdec',
      },
    };
    // Record PIDs before waiting, so `down` can stop servers that never became healthy.
    await writeState(f.state, state);
    await writeFile(f.lastPorts, JSON.stringify({ temporal: state.temporal, minio: state.minio }) + '\n', { mode: 0o600 });
    try {
      await Promise.all([
        waitUntil(() => temporalHealthy(state.temporal.address, namespace), `Temporal dev server (log: ${f.temporalLog})`, START_TIMEOUT_MS, () => isAlive(temporalPid)),
        waitUntil(() => minioHealthy(host, minioPort), `MinIO (log: ${f.minioLog})`, START_TIMEOUT_MS, () => isAlive(minioPid)),
      ]);
      const added = await ensureSearchAttributes(state.temporal.address, namespace);
      if (added.length) log(`registered search attributes: ${added.join(', ')}`);
    } catch (error) {
      await stopProcesses(state);
      await rm(f.state, { force: true });
      throw error;
    }
    return finish(state, credentials, true);
  });

  async function finish(state: StackState, credentials: Credentials, started: boolean): Promise<RunningStack> {
    const env = stackEnv(state, credentials);
    const text = Object.entries(env).map(([k, v]) => `export ${k}=${shellQuote(v)}`).join('\n') + '\n';
    await writeFile(f.env, text, { mode: 0o600 });
    await chmod(f.env, 0o600);
    return { state, credentials, env, envFile: f.env, stateFile: f.state, started };
  }
}

/** Stops both servers by the PIDs recorded at start (SIGTERM, then SIGKILL after a grace period). */
export async function down(profile = 'dev', options: { purge?: boolean } = {}): Promise<boolean> {
  const f = files(profile);
  const state = await readState(profile);
  if (state) await stopProcesses(state);
  await rm(f.state, { force: true });
  if (options.purge) await rm(f.dir, { recursive: true, force: true });
  return state !== undefined;
}

export async function status(profile = 'dev'): Promise<StackStatus> {
  return statusOf(profile, await readState(profile));
}

/** The recorded state of a profile plus its SEISDEC_* environment, if it has been started. */
export async function describe(profile = 'dev'): Promise<{ state: StackState; credentials: Credentials; env: Record<string, string> } | undefined> {
  const state = await readState(profile);
  if (!state) return undefined;
  const credentials = CredentialsSchema.parse(JSON.parse(await readFile(files(profile).credentials, 'utf8')));
  return { state, credentials, env: stackEnv(state, credentials) };
}

async function statusOf(profile: string, state: StackState | undefined): Promise<StackStatus> {
  if (!state) return { profile, temporal: { running: false, healthy: false, uiHealthy: false }, minio: { running: false, healthy: false } };
  const temporalRunning = await ownsPid(state.temporal.pid, state.temporal.binary);
  const minioRunning = await ownsPid(state.minio.pid, state.minio.binary);
  return {
    profile,
    state,
    temporal: {
      running: temporalRunning,
      healthy: temporalRunning && (await temporalHealthy(state.temporal.address, state.temporal.namespace)),
      uiHealthy: temporalRunning && (await httpOk(state.temporal.uiUrl)),
    },
    minio: { running: minioRunning, healthy: minioRunning && (await minioHealthy(state.minio.endPoint, state.minio.port)) },
  };
}

async function readState(profile: string): Promise<StackState | undefined> {
  try {
    return StackStateSchema.parse(JSON.parse(await readFile(files(profile).state, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`unreadable stack state ${files(profile).state}: ${(error as Error).message}; run \`dev down --profile ${profile}\``);
  }
}

async function readLastPorts(file: string): Promise<Pick<StackState, 'temporal' | 'minio'> | undefined> {
  try {
    return StackStateSchema.pick({ temporal: true, minio: true }).parse(JSON.parse(await readFile(file, 'utf8')));
  } catch {
    return undefined; // no previous run, or an unreadable record: any free ports will do
  }
}

async function writeState(file: string, state: StackState): Promise<void> {
  await writeFile(file, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
}

/** Credentials are generated once per stack and kept (mode 0600) so MinIO's data stays readable. */
async function loadOrCreateCredentials(file: string): Promise<Credentials> {
  try {
    return CredentialsSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`unreadable credentials ${file}: ${(error as Error).message}`);
  }
  const credentials: Credentials = { accessKey: `seisdec-${randomBytes(4).toString('hex')}`, secretKey: randomBytes(24).toString('base64url') };
  await writeFile(file, JSON.stringify(credentials) + '\n', { mode: 0o600 });
  await chmod(file, 0o600);
  return credentials;
}

function spawnMinio(binary: string, at: { dataDir: string; host: string; port: number; consolePort: number; logFile: string }, credentials: Credentials): number {
  return spawnDetached(
    binary,
    ['server', at.dataDir, '--address', `${at.host}:${at.port}`, '--console-address', `${at.host}:${at.consolePort}`, '--quiet'],
    { MINIO_ROOT_USER: credentials.accessKey, MINIO_ROOT_PASSWORD: credentials.secretKey, MINIO_UPDATE: 'off', MINIO_CALLHOME_ENABLE: 'off' },
    at.logFile,
  );
}

/**
 * Stops MinIO alone, keeps it down for `downtimeMs`, and starts it again on the same port with the
 * same data: an object-store outage as seen by running workers (Temporal is untouched). For fault
 * tests and for drills.
 */
export async function restartMinio(profile: string, downtimeMs: number): Promise<StackState> {
  const f = files(profile);
  return withFileLock(f.lock, async () => {
    const state = await readState(profile);
    if (!state) throw new Error(`stack "${profile}" is not running`);
    await stopPid(state.minio.pid, state.minio.binary);
    await sleep(downtimeMs);
    const credentials = CredentialsSchema.parse(JSON.parse(await readFile(f.credentials, 'utf8')));
    const pid = spawnMinio(state.minio.binary, { dataDir: state.minio.dataDir, host: state.minio.endPoint, port: state.minio.port, consolePort: state.minio.consolePort, logFile: state.minio.logFile }, credentials);
    const next: StackState = { ...state, minio: { ...state.minio, pid } };
    await writeState(f.state, next);
    await waitUntil(() => minioHealthy(state.minio.endPoint, state.minio.port), `MinIO (log: ${state.minio.logFile})`, START_TIMEOUT_MS, () => isAlive(pid));
    return next;
  });
}

function spawnDetached(binary: string, args: string[], extraEnv: Record<string, string>, logFile: string): number {
  const fd = openSync(logFile, 'a', 0o600);
  try {
    const child = spawn(binary, args, { detached: true, stdio: ['ignore', fd, fd], env: { ...process.env, ...extraEnv } });
    if (child.pid === undefined) throw new Error(`could not start ${binary}`);
    child.unref();
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

/** Only signal a PID that still runs our binary (PIDs are recycled after a reboot). */
async function ownsPid(pid: number, binary: string): Promise<boolean> {
  if (!isAlive(pid)) return false;
  try {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.split('\0')[0] === binary;
  } catch {
    return false;
  }
}

async function stopProcesses(state: StackState): Promise<void> {
  await Promise.all([stopPid(state.temporal.pid, state.temporal.binary), stopPid(state.minio.pid, state.minio.binary)]);
}

async function stopPid(pid: number, binary: string, graceMs = 10_000): Promise<void> {
  if (!(await ownsPid(pid, binary))) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return;
    await sleep(100);
  }
  if (await ownsPid(pid, binary)) process.kill(pid, 'SIGKILL');
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
