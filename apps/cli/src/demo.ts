import * as path from 'node:path';
import { reprocessWorkflowId, type ReprocessResult } from '@seisdec/contracts';
import { stackDir, up } from '@seisdec/devstack';
import { workspaceRoot } from '@seisdec/worker-runtime';
import { resultsCommand, runCommand, type Out } from './commands';
import type { Resolved } from './connections';
import { connectionsFromEnv } from '@seisdec/contracts';
import { buildRunInput } from './run-input';
import { startWorkerProcesses, stopWorkerProcesses } from './spawn-workers';

export interface DemoOptions {
  profile?: string;
  /** Where the report is downloaded (default `demo-output/` in the working directory). */
  outDir?: string;
  /** Extra `seisdec run` flags (e.g. fewer epochs in tests). */
  overrides?: { epochs?: string; kMax?: string; restarts?: string };
  bars?: boolean;
}

/**
 * The main job on a laptop: the real dev stack up, the five worker services started as processes,
 * `reprocessArchive` run over the bundled Luhu archive (triggered mode, 12 x MAD) through Temporal,
 * then the chosen k, cluster sizes and the downloaded report. The stack keeps running afterwards
 * so the run can be inspected in the Temporal UI.
 */
export async function runDemo(out: Out, options: DemoOptions = {}): Promise<{ result: ReprocessResult; reportDir: string; seconds: number }> {
  const t0 = Date.now();
  const profile = options.profile ?? 'dev';
  const stack = await up({ profile, log: (m) => out(`[dev] ${m}`) });
  out(`dev stack "${profile}" healthy: Temporal ${stack.state.temporal.address}, MinIO ${stack.state.minio.endPoint}:${stack.state.minio.port}`);
  out(`Temporal UI: ${stack.state.temporal.uiUrl}`);
  const { temporal, store } = connectionsFromEnv(stack.env);
  const resolved: Resolved = { temporal, store, env: stack.env, uiUrl: stack.state.temporal.uiUrl, source: `dev stack "${profile}"` };

  const logDir = path.join(stackDir(profile), 'worker-logs');
  const workers = await startWorkerProcesses(stack.env, logDir);
  out(`workers ready: ${workers.map((w) => w.service).join(', ')} (logs in ${logDir})`);
  try {
    const input = await buildRunInput('luhu', {
      dir: path.join(workspaceRoot, 'data/luhu/sds'),
      config: path.join(workspaceRoot, 'tools/demo/luhu.yaml'),
      ...options.overrides,
    });
    const result = (await runCommand(resolved, input, { follow: true, json: false, bars: options.bars ?? false }, out)) as ReprocessResult;
    const reportDir = path.resolve(options.outDir ?? 'demo-output', input.archive, input.runId);
    await resultsCommand(resolved, reprocessWorkflowId(input.archive, input.runId), reportDir, out);
    const seconds = (Date.now() - t0) / 1000;
    out(`done in ${seconds.toFixed(0)} s: k=${result.k}, cluster sizes ${result.clusterSizes.join('/')}; report ${path.join(reportDir, 'index.html')}`);
    out(`the dev stack keeps running for inspection (Temporal UI ${stack.state.temporal.uiUrl}); stop it with: npm run dev:down`);
    return { result, reportDir, seconds };
  } finally {
    await stopWorkerProcesses(workers);
  }
}
