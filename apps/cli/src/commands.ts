import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import {
  reprocessWorkflowId,
  ReprocessInputSchema,
  StageSchema,
  TASK_QUEUES,
  type ReprocessParams,
  type ReprocessProgress,
  type ReprocessResult,
} from '@seisdec/contracts';
import { createBlobStore } from '@seisdec/store';
import { CliError, normaliseRunId, withClient, workflowUrl, type Resolved } from './connections';
import { rootCauseMessage } from './follow';
import { barsView, followRun, linesView, silentView } from './progress';
import { newRunId } from './run-input';

export type Out = (line: string) => void;

export interface RunOptions {
  follow: boolean;
  json: boolean;
  /** Terminal progress bars instead of lines. */
  bars: boolean;
}

/** Starts `reprocessArchive` and (by default) follows it to the end. */
export async function runCommand(resolved: Resolved, input: ReprocessParams, options: RunOptions, out: Out): Promise<ReprocessResult | { workflowId: string }> {
  const workflowId = reprocessWorkflowId(input.archive, input.runId);
  return withClient(resolved, async (client) => {
    let handle: WorkflowHandle;
    try {
      handle = await client.workflow.start('reprocessArchive', {
        taskQueue: input.taskQueues.orchestrator ?? TASK_QUEUES.orchestrator,
        workflowId,
        args: [input],
        memo: { summary: summarise(input) },
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) throw new CliError(`run ${workflowId} already exists`, 'pick another --run-id, or follow it with: seisdec status ' + workflowId);
      throw error;
    }
    if (!options.json) {
      out(`started ${workflowId}`);
      const url = workflowUrl(resolved, workflowId);
      if (url) out(`Temporal UI: ${url}`);
    }
    if (!options.follow) {
      if (options.json) out(JSON.stringify({ workflowId }));
      return { workflowId };
    }
    const view = options.json ? silentView : options.bars ? barsView() : linesView(out);
    let result: ReprocessResult;
    try {
      result = await followRun<ReprocessResult>(handle, view);
    } catch (error) {
      throw new CliError(`run ${workflowId} failed: ${rootCauseMessage(error)}`, `inspect it with: seisdec status ${workflowId}; rerun failed stages with: seisdec retry ${workflowId}`);
    }
    if (options.json) out(JSON.stringify(result));
    else printResult(result, out);
    return result;
  });
}

export function printResult(result: ReprocessResult, out: Out): void {
  out(`windows: ${result.windows}`);
  out(`chosen k: ${result.k} (${result.kSelection.explanation})`);
  out(`cluster sizes: ${result.clusterSizes.map((n, i) => `${i}: ${n}`).join(', ')}`);
  out(`stages: ${result.stages.map((s) => `${s.stage} ${s.computed} computed/${s.reused} reused ${s.seconds.toFixed(1)} s`).join('; ')}`);
  if (result.quarantined.length) out(`quarantined: ${result.quarantined.map((q) => `${q.key} @${q.offset}: ${q.reason}`).join('; ')}`);
  out(`report: ${result.report.indexKey} (download: seisdec results ${reprocessWorkflowId(result.archive, result.runId)} --out <dir>)`);
}

function summarise(input: ReprocessParams): string {
  const source = input.source.kind === 'directory' ? input.source.path : input.source.prefix;
  const k = typeof input.cluster.k === 'number' ? `k=${input.cluster.k}` : `k=${input.cluster.k.min}..${input.cluster.k.max} by ${input.cluster.criterion}`;
  return `${input.archive} from ${source}; ${input.selection.patterns.join(',')}; ${input.windowing.mode} windows; ${input.spectrogram.height}x${input.spectrogram.width}; ${input.model.architecture} ${input.model.epochs} epochs; ${k}; ${input.cluster.dec.mode}; seed ${input.seed}`;
}

/** Status of one run (or the latest): state, stage, progress, and the result or failure. */
export async function statusCommand(resolved: Resolved, id: string | undefined, json: boolean, out: Out): Promise<void> {
  await withClient(resolved, async (client) => {
    const workflowId = id ? normaliseRunId(id) : await latestRunId(client);
    const handle = client.workflow.getHandle(workflowId);
    const description = await describeOrExplain(handle, workflowId);
    const progress = await handle.query<ReprocessProgress>('progress').catch(() => undefined);
    const status = description.status.name;
    let outcome: unknown;
    if (status === 'COMPLETED') outcome = await handle.result();
    else if (status === 'FAILED') outcome = await handle.result().catch((e: unknown) => rootCauseMessage(e));
    if (json) {
      out(JSON.stringify({ workflowId, status, startTime: description.startTime, closeTime: description.closeTime, progress, outcome, memo: description.memo }));
      return;
    }
    out(`${workflowId}: ${status} (started ${description.startTime.toISOString()}${description.closeTime ? `, closed ${description.closeTime.toISOString()}` : ''})`);
    const summary = description.memo?.['summary'];
    if (summary) out(`  ${summary}`);
    if (progress) {
      out(`  stage ${progress.stage} ${progress.done}/${progress.total}${progress.detail ? ` (${progress.detail})` : ''}`);
      for (const s of progress.stages) out(`    ${s.stage.padEnd(10)} ${s.computed} computed, ${s.reused} reused, ${s.seconds.toFixed(1)} s`);
    }
    if (status === 'COMPLETED') printResult(outcome as ReprocessResult, (l) => out(`  ${l}`));
    if (status === 'FAILED') out(`  failure: ${outcome as string}`);
    const url = workflowUrl(resolved, workflowId);
    if (url) out(`  ${url}`);
  });
}

/** Recent runs, newest first, optionally filtered by archive and status. */
export async function listCommand(resolved: Resolved, filters: { archive?: string; status?: string; limit: number }, json: boolean, out: Out): Promise<void> {
  await withClient(resolved, async (client) => {
    const clauses = ['WorkflowType = "reprocessArchive"'];
    if (filters.archive) clauses.push(`SeisdecArchive = "${filters.archive.replace(/"/g, '')}"`);
    if (filters.status) clauses.push(`SeisdecStatus = "${filters.status.replace(/"/g, '')}"`);
    const rows: Array<{ workflowId: string; status: string; stage: string; started: string }> = [];
    for await (const wf of client.workflow.list({ query: clauses.join(' AND '), pageSize: filters.limit })) {
      const sa = wf.searchAttributes as Record<string, unknown[] | undefined>;
      rows.push({ workflowId: wf.workflowId, status: wf.status.name, stage: String(sa['SeisdecStage']?.[0] ?? ''), started: wf.startTime.toISOString() });
      if (rows.length >= filters.limit) break;
    }
    if (json) out(JSON.stringify(rows));
    else if (rows.length === 0) out('no runs found');
    else for (const r of rows) out(`${r.started}  ${r.status.padEnd(11)} ${r.stage.padEnd(10)} ${r.workflowId}`);
  });
}

export async function cancelCommand(resolved: Resolved, id: string, out: Out): Promise<void> {
  await withClient(resolved, async (client) => {
    const workflowId = normaliseRunId(id);
    const handle = client.workflow.getHandle(workflowId);
    await describeOrExplain(handle, workflowId);
    await handle.cancel();
    out(`cancellation requested for ${workflowId}; running activities stop at their next heartbeat`);
  });
}

/**
 * Retries a run as a new run with the same settings: every stage whose output is cached is reused,
 * so only what failed (and what follows) runs again; `--from <stage>` recomputes that stage and the
 * ones after it even if cached.
 */
export async function retryCommand(resolved: Resolved, id: string, from: string | undefined, options: RunOptions, out: Out): Promise<ReprocessResult | { workflowId: string }> {
  const original = await withClient(resolved, async (client) => {
    const workflowId = normaliseRunId(id);
    const handle = client.workflow.getHandle(workflowId);
    await describeOrExplain(handle, workflowId);
    const history = await handle.fetchHistory();
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    const payload = started?.input?.payloads?.[0];
    if (!payload?.data) throw new CliError(`cannot read the input of ${workflowId}`);
    return JSON.parse(Buffer.from(payload.data).toString('utf8')) as unknown;
  });
  const stage = from === undefined ? undefined : StageSchema.safeParse(from);
  if (stage && !stage.success) throw new CliError(`--from: expected one of ${StageSchema.options.join(', ')}, got "${from}"`, undefined, 2);
  const input = ReprocessInputSchema.parse({ ...(original as object), runId: newRunId(), recomputeFrom: stage?.data });
  if (!options.json) out(`retrying with the settings of ${normaliseRunId(id)}${stage ? `, recomputing from ${stage.data}` : ', reusing every cached stage output'}`);
  return runCommand(resolved, input, options, out);
}

/** Downloads a completed run's report (figures, labels.csv, index.html) into a local directory. */
export async function resultsCommand(resolved: Resolved, id: string, outDir: string, out: Out): Promise<string[]> {
  const result = await withClient(resolved, async (client) => {
    const workflowId = normaliseRunId(id);
    const handle = client.workflow.getHandle(workflowId);
    const description = await describeOrExplain(handle, workflowId);
    if (description.status.name !== 'COMPLETED') throw new CliError(`run ${workflowId} is ${description.status.name}, not COMPLETED`, `see: seisdec status ${workflowId}`);
    return (await handle.result()) as ReprocessResult;
  });
  const store = createBlobStore(resolved.store);
  const files: string[] = [];
  for await (const info of store.list(`${result.report.prefix}/`)) {
    const relative = info.key.slice(result.report.prefix.length + 1);
    const target = path.join(outDir, ...relative.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, await store.get(info.key));
    files.push(target);
  }
  if (files.length === 0) throw new CliError(`the report prefix ${result.report.prefix} is empty in ${store.location}`);
  out(`downloaded ${files.length} files to ${outDir}; open ${path.join(outDir, 'index.html')}`);
  return files;
}

async function describeOrExplain(handle: WorkflowHandle, workflowId: string) {
  try {
    return await handle.describe();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new CliError(`no run ${workflowId}`, 'list runs with: seisdec list');
    throw error;
  }
}

async function latestRunId(client: Client): Promise<string> {
  for await (const wf of client.workflow.list({ query: 'WorkflowType = "reprocessArchive"', pageSize: 1 })) return wf.workflowId;
  throw new CliError('no runs yet', 'start one with: seisdec run <archive>');
}
