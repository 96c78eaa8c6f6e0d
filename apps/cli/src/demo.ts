import { Client, Connection } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { stageArchiveWorkflowId, TASK_QUEUES, type StageArchiveResult } from '@seisdec/contracts';
import { stackDir, up } from '@seisdec/devstack';
import { workspaceRoot } from '@seisdec/worker-runtime';
import { followWorkflow } from './follow';
import { startWorkerProcesses, stopWorkerProcesses } from './spawn-workers';

/**
 * The main job on a laptop: real dev stack up, worker services started as processes, the pipeline
 * run on the bundled Luhu archive through Temporal, and a summary at the end. The stack keeps
 * running afterwards so the run can be inspected in the Temporal UI.
 */
export async function runDemo(write: (line: string) => void, options: { profile?: string } = {}): Promise<StageArchiveResult> {
  const t0 = Date.now();
  const profile = options.profile ?? 'dev';
  const stack = await up({ profile, log: (m) => write(`[dev] ${m}`) });
  write(`dev stack "${profile}" healthy: Temporal ${stack.state.temporal.address}, MinIO ${stack.state.minio.endPoint}:${stack.state.minio.port}`);
  write(`Temporal UI: ${stack.state.temporal.uiUrl}`);

  const logDir = path.join(stackDir(profile), 'worker-logs');
  const workers = await startWorkerProcesses(stack.env, logDir);
  write(`workers ready: ${workers.map((w) => w.service).join(', ')} (logs in ${logDir})`);
  const connection = await Connection.connect({ address: stack.state.temporal.address });
  try {
    const client = new Client({ connection, namespace: stack.state.temporal.namespace });
    const archive = 'luhu';
    const runId = `${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomBytes(2).toString('hex')}`;
    const workflowId = `${stageArchiveWorkflowId(archive)}/${runId}`;
    const handle = await client.workflow.start('stageArchive', {
      taskQueue: TASK_QUEUES.orchestrator,
      workflowId,
      args: [{ archive, sourceDir: path.join(workspaceRoot, 'data/luhu/sds') }],
      memo: { summary: `stage the bundled Luhu SDS archive (${path.join('data/luhu/sds')})` },
    });
    write(`started ${workflowId}: ${stack.state.temporal.uiUrl}/namespaces/${stack.state.temporal.namespace}/workflows/${encodeURIComponent(workflowId)}`);
    const result = await followWorkflow<StageArchiveResult>(handle, write);
    write(`staged ${result.fileCount} files (${(result.bytes / 1e6).toFixed(1)} MB) into ${result.prefix}: ${result.uploaded} uploaded, ${result.skipped} already there`);
    for (const s of result.streams) write(`  ${s.stream.padEnd(16)} days ${s.days.join(', ')}`);
    if (result.rejected.length) write(`  ${result.rejected.length} files were not SDS data: ${result.rejected.map((r) => r.path).join(', ')}`);
    write(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s; the stack keeps running (stop it with: npm run dev:down)`);
    return result;
  } finally {
    await connection.close();
    await stopWorkerProcesses(workers);
  }
}
