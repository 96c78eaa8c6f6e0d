import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@seisdec/devstack';
import { workspaceRoot } from '@seisdec/worker-runtime';

export interface WorkerProcess {
  service: string;
  child: ChildProcess;
  healthPort: number;
  logFile: string;
}

/** Worker services a local run starts, one process each, as in a deployment. */
export const LOCAL_WORKER_SERVICES = ['orchestrator-worker', 'ingest-worker', 'featurise-worker', 'train-worker', 'cluster-worker'] as const;

/**
 * Starts each worker service as its own process (logs to `<logDir>/<service>.log`) with the given
 * SEISDEC_* environment, and waits until every one reports ready on its health endpoint.
 */
export async function startWorkerProcesses(env: Record<string, string>, logDir: string, services: readonly string[] = LOCAL_WORKER_SERVICES): Promise<WorkerProcess[]> {
  await mkdir(logDir, { recursive: true });
  // Node itself with tsx's CommonJS hook, not the tsx CLI: the CLI runs the program as a child
  // process, so signals (SIGTERM drain, SIGKILL in fault tests) would reach the wrapper, not the worker.
  const tsxHook = require.resolve('tsx/cjs', { paths: [workspaceRoot] });
  const workers: WorkerProcess[] = [];
  for (const service of services) {
    const healthPort = await freePort();
    const logFile = path.join(logDir, `${service}.log`);
    const log = createWriteStream(logFile, { flags: 'a' });
    const child = spawn(process.execPath, ['--require', tsxHook, path.join(workspaceRoot, 'apps', service, 'src/worker.ts')], {
      cwd: workspaceRoot,
      env: { ...process.env, ...env, SEISDEC_HEALTH_PORT: String(healthPort), SEISDEC_HEALTH_HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    workers.push({ service, child, healthPort, logFile });
  }
  try {
    await Promise.all(workers.map((w) => waitReady(w)));
  } catch (error) {
    await stopWorkerProcesses(workers);
    throw error;
  }
  return workers;
}

async function waitReady(worker: WorkerProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (worker.child.exitCode !== null) throw new Error(`${worker.service} exited with code ${worker.child.exitCode}; see ${worker.logFile}`);
    try {
      const response = await fetch(`http://127.0.0.1:${worker.healthPort}/readyz`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`${worker.service} was not ready within ${timeoutMs / 1000} s; see ${worker.logFile}`);
}

/** SIGTERM, then wait for a graceful exit (running activities finish), SIGKILL as a last resort. */
export async function stopWorkerProcesses(workers: WorkerProcess[], graceMs = 40_000): Promise<void> {
  await Promise.all(
    workers.map(async ({ child }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }),
  );
}
