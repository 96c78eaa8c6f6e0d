import { WorkflowFailedError, type Client } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { connectionsFromEnv, TASK_QUEUES, type KSweepInput, type SweepPointResult } from '@seisdec/contracts';
import { createBlobStore, getTensor } from '@seisdec/store';
import { workflowBundlerOptions, workflowsPath } from '@seisdec/worker-runtime';
import { startTestWorkers, type TestWorkers } from '@seisdec/worker-runtime/testing';
import { createClusterActivities } from './activities';
import { putLatent } from './testing/latent';
import { buildSyntheticRun } from './testing/synthetic-run';

// Real Temporal dev server + real MinIO (from the Jest global setup). The cluster activities run in a
// real worker on their own task queue; the k-sweep is the real `kSweep` workflow of workflows/, and
// selectK + writeReport run from a small test workflow. Unique queue names and bucket per run.
const env = connectionsFromEnv(process.env);
const suffix = randomBytes(4).toString('hex');
const queues = { orchestrator: `${TASK_QUEUES.orchestrator}-${suffix}`, tests: `cluster-tests-${suffix}`, cluster: `${TASK_QUEUES.cluster}-${suffix}` };
const store = createBlobStore({ ...(env.store as Extract<typeof env.store, { kind: 'minio' }>), bucket: `cluster-test-${suffix}` });

Runtime.install({ logger: new DefaultLogger('WARN') });

let workers: TestWorkers;
let client: Client;

beforeAll(async () => {
  workers = await startTestWorkers(env.temporal, [
    { taskQueue: queues.cluster, activities: createClusterActivities({ store }) },
    { taskQueue: queues.orchestrator, workflowsPath, bundlerOptions: workflowBundlerOptions() },
    { taskQueue: queues.tests, workflowsPath: path.join(__dirname, 'testing/report-workflow.ts'), bundlerOptions: workflowBundlerOptions() },
  ]);
  client = workers.client;
}, 120_000);

afterAll(async () => {
  await workers?.stop();
});

/** Message of the innermost cause: workflow failure -> activity failure -> application failure. */
function rootCause(error: unknown): { message: string; nonRetryable?: boolean } {
  let e = error as { cause?: unknown; message?: string; nonRetryable?: boolean };
  while (e.cause) e = e.cause as typeof e;
  return { message: String(e.message), nonRetryable: e.nonRetryable };
}

describe('cluster worker through real Temporal and MinIO', () => {
  it('runs the k-sweep children, then selects k and writes the report', async () => {
    const latent = await putLatent(store, 'runs/t/latent.f32', { rows: 240, dim: 4, blobs: 3, spread: 0.3 });
    const sweep: SweepPointResult[] = await Promise.all(
      [2, 3, 4].map((k) => {
        const input: KSweepInput = { runId: `t-${suffix}`, latent: latent.ref, k, restarts: 4, restartsPerActivity: 2, silhouetteSample: 100, seed: 42, force: false, clusterTaskQueue: queues.cluster };
        return client.workflow.execute('kSweep', { taskQueue: queues.orchestrator, workflowId: `ksweep/t-${suffix}/k=${k}`, args: [input] });
      }),
    );
    expect(sweep.map((p) => p.k)).toEqual([2, 3, 4]);
    for (const point of sweep) {
      const centroids = await getTensor(store, { key: point.centroidsKey, dtype: 'float32', shape: [point.k, 4] });
      expect(centroids.every(Number.isFinite)).toBe(true);
      expect(point.silhouette).toBeGreaterThan(-1);
      expect(point.silhouette).toBeLessThanOrEqual(1);
    }
    // Three well-separated blobs: every criterion agrees on k = 3.
    const best = sweep.reduce((a, b) => (b.calinskiHarabasz > a.calinskiHarabasz ? b : a));
    expect(best.k).toBe(3);

    const run = await buildSyntheticRun(store, { prefix: 'runs/t/report', k: 3 });
    const { input } = run;
    const result = await client.workflow.execute('selectAndReport', {
      taskQueue: queues.tests,
      workflowId: `report/t-${suffix}`,
      args: [{ clusterTaskQueue: queues.cluster, sweep, criterion: 'calinski-harabasz', report: { ...input, runId: `t-${suffix}` } }],
    });
    expect(result.k).toBe(3);
    expect(result.explanation).toMatch(/^k = 3 has the highest Calinski-Harabasz score/);
    expect(result.report.indexKey).toBe(`reports/synthetic/t-${suffix}/index.html`);
    expect(result.report.files).toHaveLength(13);
    const html = (await store.get(result.report.indexKey)).toString('utf8');
    expect(html).toContain('<strong>3</strong> by calinski-harabasz');
    expect((await store.get(`${result.report.prefix}/k-selection.svg`)).toString('utf8')).toContain('>chosen k = 3<');
    const csv = (await store.get(result.report.labelsCsvKey)).toString('utf8').trimEnd().split('\n');
    expect(csv).toHaveLength(73);
  });

  it('fails fast, without retries, when the labels do not match the dataset', async () => {
    const run = await buildSyntheticRun(store, { prefix: 'runs/t/bad', k: 2, windowsPerShard: 4, stations: ['TW.LH01.00'] });
    const labels = await store.get(run.input.dec.labels.key);
    await store.put('runs/t/bad/labels-long.i32', Buffer.concat([labels, labels]));
    const sweep: SweepPointResult[] = [
      { k: 2, inertia: 1, calinskiHarabasz: 10, silhouette: 0.5, daviesBouldin: 0.5, centroidsKey: 'x' },
      { k: 3, inertia: 1, calinskiHarabasz: 5, silhouette: 0.4, daviesBouldin: 0.6, centroidsKey: 'y' },
    ];
    const started = Date.now();
    const error = await client.workflow
      .execute('selectAndReport', {
        taskQueue: queues.tests,
        workflowId: `report/bad-${suffix}`,
        args: [{ clusterTaskQueue: queues.cluster, sweep, criterion: 'calinski-harabasz', report: { ...run.input, dec: { ...run.input.dec, labels: { key: 'runs/t/bad/labels-long.i32', dtype: 'int32', shape: [16] } } } }],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect(rootCause(error)).toEqual({ message: 'dec.labels runs/t/bad/labels-long.i32 has 16 labels but dataset runs/t/bad/dataset.json has 8 windows; they must be the same windows in the same order', nonRetryable: true });
    expect(Date.now() - started).toBeLessThan(20_000); // three attempts with backoff would show as a delay, not a different error
  });
});
