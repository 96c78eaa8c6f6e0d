import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { connectionsFromEnv, type Progress, type StageArchiveResult, type StagingActivities, type UploadBatchInput } from '@seisdec/contracts';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import { workflowBundlerOptions, workflowsPath } from '@seisdec/worker-runtime';

// Workflow logic against the real Temporal dev server, with the activities replaced by recording
// fakes (the real activities are exercised in apps/ingest-worker). Every history produced here is
// replayed against the current workflow code, and so are the histories committed in ./histories,
// which guards determinism across code changes. SEISDEC_RECORD_HISTORIES=1 refreshes those files.
const env = connectionsFromEnv(process.env);
const suffix = randomBytes(4).toString('hex');
const queues = { orchestrator: `wf-orch-${suffix}`, ingest: `wf-ingest-${suffix}` };
const historiesDir = path.join(__dirname, 'histories');

Runtime.install({ logger: new DefaultLogger('WARN') });

let nativeConnection: NativeConnection;
let connection: Connection;
let client: Client;
let workers: Worker[] = [];
let running: Promise<unknown>;
const uploadCalls: UploadBatchInput[] = [];
let inFlight = 0;
let maxInFlight = 0;

const fakeActivities: StagingActivities = {
  async listLocalArchive({ archive }) {
    return {
      manifestKey: `archives/${archive}/sds.manifest.json`,
      fileCount: 7,
      bytes: 7000,
      streams: [{ stream: 'XX.STA.00.HHZ', days: ['2021.080'] }],
      rejected: [{ path: 'notes.txt', reason: 'not SDS' }],
    };
  },
  async uploadArchiveBatch(input) {
    uploadCalls.push(input);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, 150));
    inFlight--;
    return { uploaded: input.end - input.start - 1, skipped: 1, bytesUploaded: 0 };
  },
};

beforeAll(async () => {
  nativeConnection = await NativeConnection.connect({ address: env.temporal.address });
  connection = await Connection.connect({ address: env.temporal.address });
  client = new Client({ connection, namespace: env.temporal.namespace });
  workers = await Promise.all([
    Worker.create({ connection: nativeConnection, namespace: env.temporal.namespace, taskQueue: queues.orchestrator, workflowsPath, bundlerOptions: workflowBundlerOptions() }),
    Worker.create({ connection: nativeConnection, namespace: env.temporal.namespace, taskQueue: queues.ingest, activities: fakeActivities }),
  ]);
  running = Promise.all(workers.map((w) => w.run()));
}, 120_000);

afterAll(async () => {
  for (const w of workers) w.shutdown();
  await running;
  await nativeConnection?.close();
  await connection?.close();
});

describe('stageArchive workflow (fake activities, real server)', () => {
  it('covers the manifest in contiguous batches with bounded concurrency, and sums the results', async () => {
    uploadCalls.length = 0;
    maxInFlight = 0;
    const workflowId = `stage/wf-test/${suffix}`;
    const handle = await client.workflow.start('stageArchive', {
      taskQueue: queues.orchestrator,
      workflowId,
      args: [{ archive: 'wf-test', sourceDir: '/data/sds', batchSize: 2, concurrency: 2, ingestTaskQueue: queues.ingest }],
    });
    const result = (await handle.result()) as StageArchiveResult;
    const ranges = uploadCalls.map((c) => [c.start, c.end]).sort((a, b) => a[0]! - b[0]!);
    expect(ranges).toEqual([[0, 2], [2, 4], [4, 6], [6, 7]]);
    expect(maxInFlight).toBeLessThanOrEqual(2);
    expect(maxInFlight).toBeGreaterThan(1);
    expect(result).toMatchObject({ archive: 'wf-test', prefix: 'archives/wf-test/sds', fileCount: 7, uploaded: 3, skipped: 4 });
    expect(result.rejected).toEqual([{ path: 'notes.txt', reason: 'not SDS' }]);

    const progress = (await handle.query('progress')) as Progress;
    expect(progress).toEqual({ stage: 'upload', done: 4, total: 4 });
    const description = await handle.describe();
    expect(description.searchAttributes).toMatchObject({ SeisdecArchive: ['wf-test'], SeisdecStage: ['done'], SeisdecStatus: ['completed'] });

    const history = await handle.fetchHistory();
    await Worker.runReplayHistory({ workflowsPath, bundlerOptions: workflowBundlerOptions() }, history, workflowId);
    if (process.env['SEISDEC_RECORD_HISTORIES'] === '1') {
      await writeFile(path.join(historiesDir, 'stage-archive.batches.json'), historyToJSON(history) + '\n');
    }
  });

  it('replays every recorded history without non-determinism', async () => {
    const files = (await readdir(historiesDir)).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const history = historyFromJSON(JSON.parse(await readFile(path.join(historiesDir, file), 'utf8')));
      await expect(Worker.runReplayHistory({ workflowsPath, bundlerOptions: workflowBundlerOptions() }, history, file)).resolves.toBeUndefined();
    }
  });
});
