import { WorkflowFailedError, type Client } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectionsFromEnv, DatasetSchema, ReprocessInputSchema, TASK_QUEUES } from '@seisdec/contracts';
import { freePort } from '@seisdec/devstack';
import { createBlobStore } from '@seisdec/store';
import { workflowBundlerOptions, workspaceRoot } from '@seisdec/worker-runtime';
import { startTestWorkers, type TestWorkers } from '@seisdec/worker-runtime/testing';
import { createFeaturiseActivities } from './featurise-activities';
import type { ProbeInput, ProbeResult } from './testing/ingest-featurise-probe.workflow';

// Real Temporal dev server + real MinIO (Jest global setup). The ingest service runs as its own
// process (apps/ingest-worker/src/worker.ts, as deployed); the featurise activities and the probe
// workflow run in in-process workers. Unique task queues and bucket keep parallel runs apart.
const env = connectionsFromEnv(process.env);
const suffix = randomBytes(4).toString('hex');
const queues = { workflow: `probe-${suffix}`, ingest: `${TASK_QUEUES.ingest}-${suffix}`, featurise: `${TASK_QUEUES.featurise}-${suffix}` };
const bucket = `featurise-test-${suffix}`;
const store = createBlobStore({ ...(env.store as Extract<typeof env.store, { kind: 'minio' }>), bucket });
const prefix = 'archives/probe/sds';
const luhu = path.join(workspaceRoot, 'data/luhu/sds');
const sdsPath = (sta: string, cha: string) => `2020/TW/${sta}/${cha}.D/TW.${sta}.00.${cha}.D.2020.088`;
const corrupt = sdsPath('LH03', 'EHN');

Runtime.install({ logger: new DefaultLogger('WARN') });

let ingestProcess: ChildProcess;
let ingestLog = '';
let workers: TestWorkers;
let client: Client;

async function startIngestService(): Promise<void> {
  const healthPort = await freePort();
  ingestProcess = spawn(path.join(workspaceRoot, 'node_modules/.bin/tsx'), [path.join(workspaceRoot, 'apps/ingest-worker/src/worker.ts')], {
    cwd: workspaceRoot,
    env: { ...process.env, SEISDEC_BUCKET: bucket, SEISDEC_INGEST_TASK_QUEUE: queues.ingest, SEISDEC_HEALTH_PORT: String(healthPort) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  ingestProcess.stdout?.on('data', (chunk: Buffer) => (ingestLog += chunk.toString()));
  ingestProcess.stderr?.on('data', (chunk: Buffer) => (ingestLog += chunk.toString()));
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (ingestProcess.exitCode !== null) throw new Error(`ingest-worker exited with ${ingestProcess.exitCode}:\n${ingestLog}`);
    const ready = await fetch(`http://127.0.0.1:${healthPort}/readyz`).then((r) => r.ok, () => false);
    if (ready) return;
    await sleep(250);
  }
  throw new Error(`ingest-worker not ready within 90 s:\n${ingestLog}`);
}

beforeAll(async () => {
  for (const sta of ['LH01', 'LH02', 'LH03']) {
    for (const cha of ['EHE', 'EHN', 'EHZ']) {
      const bytes = await readFile(path.join(luhu, sdsPath(sta, cha)));
      await store.put(`${prefix}/${sdsPath(sta, cha)}`, sdsPath(sta, cha) === corrupt ? bytes.subarray(0, 100_000) : bytes);
    }
  }
  const [, started] = await Promise.all([
    startIngestService(),
    startTestWorkers(env.temporal, [
      { taskQueue: queues.workflow, workflowsPath: require.resolve('./testing/ingest-featurise-probe.workflow'), bundlerOptions: workflowBundlerOptions() },
      { taskQueue: queues.featurise, activities: createFeaturiseActivities({ store }) },
    ]),
  ]);
  workers = started;
  client = workers.client;
}, 150_000);

afterAll(async () => {
  await workers?.stop();
  if (ingestProcess && ingestProcess.exitCode === null) {
    const exited = new Promise((resolve) => ingestProcess.once('exit', resolve));
    ingestProcess.kill('SIGTERM');
    await exited;
  }
}, 60_000);

/** The workflow defaults (reprocessArchive's: triggered at 12 x MAD, 64 x 64 dB spectrograms). */
const settings = ReprocessInputSchema.parse({ archive: 'probe', source: { kind: 'store', prefix }, runId: 'probe' });

function probe(overrides: Partial<ProbeInput> = {}): Promise<ProbeResult> {
  const input: ProbeInput = {
    archive: 'probe',
    prefix,
    selection: settings.selection,
    preprocess: settings.preprocess,
    windowing: settings.windowing,
    spectrogram: settings.spectrogram,
    ingestQueue: queues.ingest,
    featuriseQueue: queues.featurise,
    ...overrides,
  };
  return client.workflow.execute('ingestFeaturiseProbe', { taskQueue: queues.workflow, workflowId: `probe/${suffix}/${randomBytes(3).toString('hex')}`, args: [input] });
}

describe('ingest and featurise activities through real Temporal workers and MinIO', () => {
  let first: ProbeResult;

  it('plans, ingests (quarantining the corrupt file), featurises and builds the dataset', async () => {
    first = await probe();
    expect(first.plan).toMatchObject({ units: 3, skipped: [] });
    const [lh01, lh02, lh03] = first.units;
    expect(lh03).toEqual({ station: 'TW.LH03.00', day: '2020.088', count: 0, reused: false, quarantined: [{ key: `${prefix}/${corrupt}`, offset: 98_304, reason: expect.stringMatching(/truncated/) }] });
    for (const unit of [lh01!, lh02!]) {
      expect(unit.quarantined).toEqual([]);
      expect(unit.count).toBeGreaterThan(0);
      expect((await store.stat(unit.windows!.key))?.size).toBe(unit.count * 3 * 2000 * 4);
    }
    expect(first.shards.map((s) => s.spectrograms.shape)).toEqual([lh01, lh02].map((u) => [u!.count, 64, 64, 3]));
    const dataset = DatasetSchema.parse(JSON.parse((await store.get(first.dataset.datasetKey)).toString('utf8')));
    expect(dataset.count).toBe(lh01!.count + lh02!.count);
    expect(first.dataset).toMatchObject({ count: dataset.count, reused: false });
  });

  it('reuses every cached output on a second run', async () => {
    const again = await probe();
    expect(again.units.map((u) => u.reused)).toEqual([true, true, true]);
    expect(again.shards.map((s) => s.reused)).toEqual([true, true]);
    expect(again.dataset).toEqual({ ...first.dataset, reused: true });
  });

  it('fails fast with EmptySelection when the selection matches nothing', async () => {
    const started = Date.now();
    const error = await probe({ selection: { ...settings.selection, patterns: ['XX.*.*.*'] } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    let cause = error as { cause?: unknown; message?: string; type?: string };
    while (cause.cause) cause = cause.cause as typeof cause;
    expect(cause).toMatchObject({ type: 'EmptySelection', message: expect.stringMatching(/no station-day matches XX\.\*\.\*\.\* .* under archives\/probe\/sds/) });
    expect(Date.now() - started).toBeLessThan(30_000); // not retried
  });
});
