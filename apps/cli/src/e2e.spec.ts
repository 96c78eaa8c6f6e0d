import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import { connectionsFromEnv, reprocessWorkflowId, type ReprocessParams, type ReprocessProgress, type ReprocessResult } from '@seisdec/contracts';
import { describe as describeStack, restartMinio, stackDir } from '@seisdec/devstack';
import { createBlobStore } from '@seisdec/store';
import { workspaceRoot } from '@seisdec/worker-runtime';
import { resultsCommand, runCommand } from './commands';
import type { Resolved } from './connections';
import { buildRunInput, type RunFlags } from './run-input';
import { startWorkerProcesses, stopWorkerProcesses, type WorkerProcess } from './spawn-workers';

// The proofs of issue 5, end to end: real Temporal dev server, real MinIO, and the five worker
// services as separate processes (exactly what `seisdec workers` starts), on a slice of the real
// Luhu archive. Nothing is mocked. Runs are small (2 stations, one day, few epochs) to fit CI.
const profile = process.env['SEISDEC_STACK_PROFILE'] ?? process.env['SEISDEC_JEST_PRIVATE_STACK'];
const artifacts = path.join(workspaceRoot, 'test-artifacts');
const luhu = path.join(workspaceRoot, 'data/luhu/sds');
const slice = ['LH01', 'LH02'].flatMap((sta) => ['EHE', 'EHN', 'EHZ'].map((cha) => `2020/TW/${sta}/${cha}.D/TW.${sta}.00.${cha}.D.2020.088`));
const corrupt = '2020/TW/LH03/EHZ.D/TW.LH03.00.EHZ.D.2020.088';

let resolved: Resolved;
let workers: WorkerProcess[] = [];
let sourceDir: string;
let connection: Connection;
let client: Client;
const lines: string[] = [];
const runTag = Date.now();
const out = (line: string) => lines.push(line);

beforeAll(async () => {
  const stack = await describeStack(profile!);
  if (!stack) throw new Error(`dev stack ${profile} is not running`);
  const { temporal, store } = connectionsFromEnv(stack.env);
  resolved = { temporal, store, env: stack.env, uiUrl: stack.state.temporal.uiUrl, source: `dev stack "${profile}"` };
  // A small SDS archive: two complete stations, plus a third whose EHZ file is truncated mid-record.
  sourceDir = await mkdtemp(path.join(tmpdir(), 'seisdec-e2e-'));
  for (const file of [...slice, ...['EHE', 'EHN'].map((c) => `2020/TW/LH03/${c}.D/TW.LH03.00.${c}.D.2020.088`)]) {
    await mkdir(path.dirname(path.join(sourceDir, file)), { recursive: true });
    await copyFile(path.join(luhu, file), path.join(sourceDir, file));
  }
  const whole = await readFile(path.join(luhu, corrupt));
  await mkdir(path.dirname(path.join(sourceDir, corrupt)), { recursive: true });
  await writeFile(path.join(sourceDir, corrupt), whole.subarray(0, 4096 * 3 + 1000));
  workers = await startWorkerProcesses(stack.env, path.join(stackDir(profile!), 'e2e-worker-logs'));
  connection = await Connection.connect({ address: temporal.address });
  client = new Client({ connection, namespace: temporal.namespace });
  await mkdir(artifacts, { recursive: true });
}, 300_000);

afterAll(async () => {
  await stopWorkerProcesses(workers);
  await connection?.close();
  await rm(sourceDir, { recursive: true, force: true });
});

const baseFlags = (runId: string, extra: Partial<RunFlags> = {}): RunFlags => ({
  dir: sourceDir,
  config: path.join(__dirname, 'testing/e2e.yaml'),
  runId,
  epochs: '4',
  kMin: '2',
  kMax: '4',
  restarts: '4',
  ...extra,
});

async function start(input: ReprocessParams): Promise<WorkflowHandle> {
  await runCommand(resolved, input, { follow: false, json: true, bars: false }, out);
  return client.workflow.getHandle(reprocessWorkflowId(input.archive, input.runId));
}

/** Heartbeat details of the pending activity of that type, if it is running. */
async function pendingHeartbeat(handle: WorkflowHandle, activityType: string): Promise<{ attempt: number; details?: Record<string, unknown> } | undefined> {
  const { raw } = await handle.describe();
  const pending = raw.pendingActivities?.find((a) => a.activityType?.name === activityType);
  if (!pending) return undefined;
  const payload = pending.heartbeatDetails?.payloads?.[0]?.data;
  return { attempt: pending.attempt ?? 1, details: payload ? (JSON.parse(Buffer.from(payload).toString('utf8')) as Record<string, unknown>) : undefined };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 240_000, lastSeen: () => unknown = () => undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(300);
  }
  throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(lastSeen())}`);
}

describe('reprocessArchive end to end (real Temporal, MinIO and worker processes)', () => {
  let first: ReprocessResult;

  it('runs a slice of the Luhu archive to a report, quarantining the corrupt file', async () => {
    const input = await buildRunInput('luhu-e2e', baseFlags('e2e-first'));
    first = (await runCommand(resolved, input, { follow: true, json: false, bars: false }, out)) as ReprocessResult;
    expect(first.windows).toBeGreaterThan(4);
    expect(first.k).toBeGreaterThanOrEqual(2);
    expect(first.k).toBeLessThanOrEqual(4);
    expect(first.sweep.map((p) => p.k)).toEqual([2, 3, 4]);
    expect(first.clusterSizes.reduce((a, b) => a + b, 0)).toBe(first.windows);
    expect(first.quarantined.map((q) => q.key).join()).toMatch(/TW\.LH03\.00\.EHZ\.D\.2020\.088/);
    expect(first.quarantined[0]?.reason).toMatch(/truncat|expected|record/i);

    const dir = path.join(artifacts, 'e2e-report');
    const files = await resultsCommand(resolved, reprocessWorkflowId('luhu-e2e', 'e2e-first'), dir, out);
    expect(files.some((f) => f.endsWith('index.html'))).toBe(true);
    expect(files.filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(4);
    const csv = (await readFile(path.join(dir, 'labels.csv'), 'utf8')).trim().split('\n');
    expect(csv).toHaveLength(first.windows + 1);
  }, 600_000);

  it('reuses every cached stage on a rerun with the same settings', async () => {
    const input = await buildRunInput('luhu-e2e', baseFlags('e2e-rerun'));
    const again = (await runCommand(resolved, input, { follow: true, json: true, bars: false }, out)) as ReprocessResult;
    const byStage = Object.fromEntries(again.stages.map((s) => [s.stage, s]));
    for (const stage of ['ingest', 'featurise', 'pretrain', 'embed', 'dec'] as const) expect(byStage[stage]?.computed).toBe(0);
    expect(again.k).toBe(first.k);
    expect(again.clusterSizes).toEqual(first.clusterSizes);
  }, 300_000);

  it('resumes pretraining from its checkpoint when the train worker is killed mid-run', async () => {
    // Long enough to be killed mid-way: 64x64 inputs and 40 epochs (the SDK throttles heartbeats to
    // about 0.8 x the heartbeat timeout, so epochs must outlast a few of those intervals).
    // A seed of its own per test run, so pretraining is never a cache hit from an earlier run.
    const input = await buildRunInput('luhu-e2e', baseFlags(`e2e-kill-${runTag}`, { seed: String(runTag % 100_000) }));
    const handle = await start({
      ...input,
      trainHeartbeatTimeout: '6s',
      spectrogram: { ...input.spectrogram, height: 64, width: 64 },
      model: { ...input.model, epochs: 40, patience: 40 },
    });
    let seen: unknown;
    const beforeKill = await waitFor('pretraining to reach epoch 3', async () => {
      const hb = await pendingHeartbeat(handle, 'pretrain');
      seen = hb ?? (await handle.query<ReprocessProgress>('progress').catch(() => undefined));
      return hb?.details && Number(hb.details['epoch']) >= 3 ? hb : undefined;
    }, 240_000, () => seen);
    const train = workers.find((w) => w.service === 'train-worker')!;
    train.child.kill('SIGKILL');
    const [replacement] = await startWorkerProcesses(resolved.env, path.join(stackDir(profile!), 'e2e-worker-logs'), ['train-worker']);
    workers = [...workers.filter((w) => w !== train), replacement!];

    const result = (await handle.result()) as ReprocessResult;
    expect(result.stages.find((s) => s.stage === 'pretrain')?.computed).toBe(1);
    // The history records the attempt that completed pretraining: the second, on the new worker.
    expect((await pretrainCompletion(handle)).attempt).toBe(2);

    // The history is continuous: every epoch once, the epochs before the kill not repeated.
    const store = createBlobStore(resolved.store);
    const pretrainHistory = (await pretrainCompletion(handle)).historyKey;
    const epochs = (JSON.parse((await store.get(pretrainHistory)).toString()) as Array<{ epoch: number }>).map((e) => e.epoch);
    expect(epochs).toEqual([...new Set(epochs)].sort((a, b) => a - b));
    expect(epochs.length).toBeGreaterThan(Number(beforeKill.details!['epoch']));
  }, 600_000);

  it('survives an object-store outage during featurisation', async () => {
    // Deterministic outage: featurise goes to a queue no worker polls yet, so the run waits at that
    // stage; MinIO is taken down, and a featurise worker for that queue starts during the outage.
    // Its first attempts fail on I/O and Temporal retries them until MinIO is back.
    const queue = `seisdec-featurise-outage-${runTag}`;
    const input = await buildRunInput('luhu-e2e', baseFlags(`e2e-outage-${runTag}`, { seed: String((runTag + 1) % 100_000), epochs: '2' }));
    const handle = await start({ ...input, recomputeFrom: 'featurise', taskQueues: { ...input.taskQueues, featurise: queue } });
    let seen: unknown;
    await waitFor('the featurise stage', async () => {
      seen = await handle.query<ReprocessProgress>('progress').catch(() => undefined);
      return (seen as ReprocessProgress | undefined)?.stage === 'featurise' ? true : undefined;
    }, 240_000, () => seen);
    const outage = restartMinio(profile!, 10_000);
    await sleep(500);
    const [featurise] = await startWorkerProcesses({ ...resolved.env, SEISDEC_FEATURISE_TASK_QUEUE: queue }, path.join(stackDir(profile!), 'e2e-worker-logs'), ['featurise-worker']);
    workers.push(featurise!);
    await outage;
    const result = (await handle.result()) as ReprocessResult;
    expect(result.windows).toBeGreaterThan(4);
    expect(result.stages.find((s) => s.stage === 'featurise')?.computed).toBeGreaterThan(0);
    expect(Math.max(...(await activityAttempts(handle, 'featuriseShard')))).toBeGreaterThan(1);
  }, 600_000);

  it('fails fast with a clear message on an empty selection', async () => {
    const input = await buildRunInput('luhu-e2e', baseFlags('e2e-empty', { patterns: ['XX.NONE.*.*'] }));
    await expect(runCommand(resolved, input, { follow: true, json: true, bars: false }, out)).rejects.toThrow(/no station-day matches/);
  }, 120_000);

  it('shows the run and its k-sweep children in the Temporal UI (headless Chromium)', async () => {
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      const query = encodeURIComponent('WorkflowId STARTS_WITH "ksweep/e2e-first/" OR WorkflowId = "reprocess/luhu-e2e/e2e-first"');
      await page.goto(`${resolved.uiUrl}/namespaces/${resolved.temporal.namespace}/workflows?query=${query}`);
      await page.getByText('reprocess/luhu-e2e/e2e-first').first().waitFor({ timeout: 60_000 });
      for (const k of [2, 3, 4]) await page.getByText(`ksweep/e2e-first/k=${k}`).first().waitFor({ timeout: 30_000 });
      await page.screenshot({ path: path.join(artifacts, 'temporal-ui-runs.png'), fullPage: true });
      await page.goto(`${resolved.uiUrl}/namespaces/${resolved.temporal.namespace}/workflows/${encodeURIComponent('reprocess/luhu-e2e/e2e-first')}`);
      await page.getByText('reprocessArchive').first().waitFor({ timeout: 60_000 });
      await page.screenshot({ path: path.join(artifacts, 'temporal-ui-run.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  }, 180_000);
});

/** The attempt that completed each activity of this type in the run's history. */
async function activityAttempts(handle: WorkflowHandle, activityType: string): Promise<number[]> {
  const history = await handle.fetchHistory();
  const scheduled = new Set<string>();
  const attempts: number[] = [];
  for (const event of history.events ?? []) {
    if (event.activityTaskScheduledEventAttributes?.activityType?.name === activityType) scheduled.add(String(event.eventId));
    const started = event.activityTaskStartedEventAttributes;
    if (started && scheduled.has(String(started.scheduledEventId))) attempts.push(started.attempt ?? 1);
  }
  return attempts;
}

/** The completed pretrain activity of a run: the attempt that completed it and its history key. */
async function pretrainCompletion(handle: WorkflowHandle): Promise<{ attempt: number; historyKey: string }> {
  const history = await handle.fetchHistory();
  const scheduled = new Map<string, string>();
  const attempts = new Map<string, number>();
  for (const event of history.events ?? []) {
    const s = event.activityTaskScheduledEventAttributes;
    if (s?.activityType?.name) scheduled.set(String(event.eventId), s.activityType.name);
    const started = event.activityTaskStartedEventAttributes;
    if (started) attempts.set(String(started.scheduledEventId), started.attempt ?? 1);
    const c = event.activityTaskCompletedEventAttributes;
    if (c && scheduled.get(String(c.scheduledEventId)) === 'pretrain') {
      const data = c.result?.payloads?.[0]?.data;
      if (data) {
        const { historyKey } = JSON.parse(Buffer.from(data).toString('utf8')) as { historyKey: string };
        return { attempt: attempts.get(String(c.scheduledEventId)) ?? 1, historyKey };
      }
    }
  }
  throw new Error('no completed pretrain activity in the history');
}
