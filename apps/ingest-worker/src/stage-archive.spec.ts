import { WorkflowFailedError, type Client } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { connectionsFromEnv, TASK_QUEUES, type StageArchiveResult } from '@seisdec/contracts';
import { createBlobStore } from '@seisdec/store';
import { workflowBundlerOptions, workflowsPath, workspaceRoot } from '@seisdec/worker-runtime';
import { startTestWorkers, type TestWorkers } from '@seisdec/worker-runtime/testing';
import { createStagingActivities } from './activities';

// Real Temporal dev server + real MinIO (started by the global setup); real workflow code bundled by
// the Temporal worker; real activities. Task queues get a unique suffix so parallel runs never mix.
const env = connectionsFromEnv(process.env);
const suffix = randomBytes(4).toString('hex');
const queues = { orchestrator: `${TASK_QUEUES.orchestrator}-${suffix}`, ingest: `${TASK_QUEUES.ingest}-${suffix}` };
const luhu = path.join(workspaceRoot, 'data/luhu/sds');
const sample = [
  '2020/TW/LH01/EHZ.D/TW.LH01.00.EHZ.D.2020.088',
  '2020/TW/LH01/EHZ.D/TW.LH01.00.EHZ.D.2020.097',
  '2020/TW/LH02/EHN.D/TW.LH02.00.EHN.D.2020.088',
];

Runtime.install({ logger: new DefaultLogger('WARN') });

let workers: TestWorkers;
let client: Client;
let sourceDir: string;
const store = createBlobStore({ ...(env.store as Extract<typeof env.store, { kind: 'minio' }>), bucket: `stage-test-${suffix}` });

beforeAll(async () => {
  sourceDir = await mkdtemp(path.join(tmpdir(), 'seisdec-sds-'));
  for (const file of sample) {
    await mkdir(path.dirname(path.join(sourceDir, file)), { recursive: true });
    await copyFile(path.join(luhu, file), path.join(sourceDir, file));
  }
  await writeFile(path.join(sourceDir, 'README.txt'), 'not data');
  await mkdir(path.join(sourceDir, '2020/TW/LH03/EHZ.D'), { recursive: true });
  await writeFile(path.join(sourceDir, '2020/TW/LH03/EHZ.D/TW.LH09.00.EHZ.D.2020.088'), 'misplaced');

  workers = await startTestWorkers(env.temporal, [
    { taskQueue: queues.orchestrator, workflowsPath, bundlerOptions: workflowBundlerOptions() },
    { taskQueue: queues.ingest, activities: createStagingActivities({ store }) },
  ]);
  client = workers.client;
}, 120_000);

afterAll(async () => {
  await workers?.stop();
  await rm(sourceDir, { recursive: true, force: true });
});

/** Runs the workflow on this suite's own task queues. */
async function stage(archive: string, dir = sourceDir): Promise<StageArchiveResult> {
  return client.workflow.execute('stageArchive', {
    taskQueue: queues.orchestrator,
    workflowId: `stage/${archive}/${randomBytes(3).toString('hex')}`,
    args: [{ archive, sourceDir: dir, batchSize: 2, concurrency: 2, ingestTaskQueue: queues.ingest }],
  });
}

/** Message of the innermost cause: workflow failure -> activity failure -> application failure. */
function rootCause(error: unknown): string {
  let e = error as { cause?: unknown; message?: string };
  while (e.cause) e = e.cause as typeof e;
  return String(e.message);
}

describe('stageArchive through real Temporal and MinIO', () => {
  it('uploads every SDS file, reports strays, and inventories the streams', async () => {
    const result = await stage('luhu-sample');
    expect(result).toMatchObject({ archive: 'luhu-sample', prefix: 'archives/luhu-sample/sds', fileCount: 3, uploaded: 3, skipped: 0 });
    expect(result.streams).toEqual([
      { stream: 'TW.LH01.00.EHZ', days: ['2020.088', '2020.097'] },
      { stream: 'TW.LH02.00.EHN', days: ['2020.088'] },
    ]);
    expect(result.rejected.map((r) => r.path).sort()).toEqual(['2020/TW/LH03/EHZ.D/TW.LH09.00.EHZ.D.2020.088', 'README.txt']);
    expect(result.rejected.find((r) => r.path === 'README.txt')?.reason).toMatch(/path segments/);
    for (const file of sample) {
      const original = await import('node:fs/promises').then((fs) => fs.readFile(path.join(sourceDir, file)));
      expect((await store.get(`archives/luhu-sample/sds/${file}`)).equals(original)).toBe(true);
    }
  });

  it('is idempotent: a second run uploads nothing that is already stored', async () => {
    await stage('luhu-rerun');
    const again = await stage('luhu-rerun');
    expect(again).toMatchObject({ fileCount: 3, uploaded: 0, skipped: 3 });
  });

  it('fails fast, without retries, on a directory that does not exist', async () => {
    const started = Date.now();
    const error = await stage('luhu-missing', '/nonexistent/sds').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect(rootCause(error)).toMatch(/sourceDir \/nonexistent\/sds is not a directory/);
    expect(Date.now() - started).toBeLessThan(30_000); // would take minutes with 10 retrying attempts
  });

  it('rejects invalid input with a message naming the field', async () => {
    const error = await client.workflow
      .execute('stageArchive', { taskQueue: queues.orchestrator, workflowId: `stage/bad/${suffix}`, args: [{ archive: 'Bad Name!', sourceDir: 'relative/dir' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const message = String((error as WorkflowFailedError).cause?.message);
    expect(message).toMatch(/archive: expected 1-63 lowercase/);
    expect(message).toMatch(/sourceDir: expected an absolute path/);
  });

  it('fails with EmptySelection when the directory has no SDS files', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'seisdec-empty-'));
    try {
      const error = await stage('luhu-empty', empty).catch((e: unknown) => e);
      expect(rootCause(error)).toMatch(/archive "luhu-empty": no SDS files/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
