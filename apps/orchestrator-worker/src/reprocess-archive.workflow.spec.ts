import { WorkflowFailedError, type Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import {
  connectionsFromEnv,
  type ClusterActivities,
  type FeaturiseActivities,
  type IngestActivities,
  type ReprocessInput,
  type ReprocessProgress,
  type ReprocessResult,
  type TrainActivities,
} from '@seisdec/contracts';
import { workflowBundlerOptions, workflowsPath } from '@seisdec/worker-runtime';
import { startTestWorkers, type TestWorkers } from '@seisdec/worker-runtime/testing';

// reprocessArchive's orchestration on the real Temporal dev server, with every activity replaced
// by a recording fake (the real activities are tested in their worker apps, and end to end in the
// CLI's tests). Checks stage order, fan-out, the per-k child workflows, k selection, reuse
// accounting, recomputeFrom, failure messages, search attributes and replay determinism.
Runtime.install({ logger: new DefaultLogger('WARN') });
const env = connectionsFromEnv(process.env);
const suffix = randomBytes(4).toString('hex');
const q = { orchestrator: `rp-orch-${suffix}`, ingest: `rp-ingest-${suffix}`, featurise: `rp-feat-${suffix}`, gpu: `rp-gpu-${suffix}`, cluster: `rp-cluster-${suffix}` };

type Call = { name: string; input: Record<string, unknown> };
const calls: Call[] = [];
const record = (name: string, input: unknown) => calls.push({ name, input: input as Record<string, unknown> });
let windowsPerUnit = 5;
let cacheWarm = false;
const latent = (n: number) => ({ key: 'cache/embed/x/latent', dtype: 'float32' as const, shape: [n, 8] });

const ingest: IngestActivities = {
  async planIngest(input) {
    record('planIngest', input);
    return { unitsKey: 'cache/plan/u.json', units: 4, skipped: [{ key: 'TW.LH05.00.2020.088', reason: 'missing component EHN' }] };
  },
  async ingestStationDay(input) {
    record('ingestStationDay', input);
    const i = input.index;
    return {
      station: `TW.LH0${i + 1}.00`,
      day: '2020.088',
      ...(windowsPerUnit > 0 ? { windows: { key: `w${i}`, dtype: 'float32' as const, shape: [windowsPerUnit, 3, 2000] }, metaKey: `m${i}` } : {}),
      count: windowsPerUnit,
      quarantined: i === 2 ? [{ key: 'bad.mseed', offset: 4096, reason: 'Steim2 frame checksum' }] : [],
      reused: cacheWarm,
    };
  },
};
const featurise: FeaturiseActivities = {
  async featuriseShard(input) {
    record('featuriseShard', input);
    return { spectrograms: { key: `s-${input.windows.key}`, dtype: 'float32', shape: [5, 64, 64, 3] }, metaKey: input.metaKey, stats: { count: 1, sum: [0], sumSq: [0], min: [0], max: [0] }, reused: cacheWarm };
  },
  async buildDataset(input) {
    record('buildDataset', input);
    return { datasetKey: 'cache/dataset/d.json', count: input.shards.length * 5, reused: cacheWarm };
  },
};
const train: TrainActivities = {
  async pretrain(input) {
    record('pretrain', input);
    return { modelKey: 'cache/pretrain/m', historyKey: 'cache/pretrain/h.json', epochs: 3, bestValLoss: 0.1, backend: 'cpu', reused: cacheWarm };
  },
  async embed(input) {
    record('embed', input);
    return { latent: latent(20), reused: cacheWarm };
  },
  async decFineTune(input) {
    record('decFineTune', input);
    return {
      labels: { key: 'l', dtype: 'int32', shape: [20] },
      q: { key: 'q', dtype: 'float32', shape: [20, input.k] },
      latent: latent(20),
      modelKey: 'cache/dec/m',
      historyKey: 'cache/dec/h.json',
      iterations: 400,
      clusterSizes: Array.from({ length: input.k }, (_, i) => (i === 0 ? 20 - (input.k - 1) : 1)),
      reused: cacheWarm,
    };
  },
};
const cluster: ClusterActivities = {
  async kmeansRestarts(input) {
    record('kmeansRestarts', input);
    const best = Math.min(...input.seeds);
    return { centroidsKey: `c-k${input.k}-s${best}`, inertia: 100 / input.k + (best % 7), seed: best, iterations: 5, reused: cacheWarm };
  },
  async scoreClustering(input) {
    record('scoreClustering', input);
    // Calinski-Harabasz peaks at k = 4.
    return { k: input.k, inertia: 100 / input.k, calinskiHarabasz: 50 - (input.k - 4) ** 2, silhouette: 0.5, daviesBouldin: 1, reused: cacheWarm };
  },
  async selectK(input) {
    record('selectK', input);
    const best = input.sweep.reduce((a, b) => (b.calinskiHarabasz > a.calinskiHarabasz ? b : a));
    return { k: best.k, explanation: `k=${best.k} maximises Calinski-Harabasz` };
  },
  async writeReport(input) {
    record('writeReport', input);
    return { prefix: `reports/${input.archive}/${input.runId}`, indexKey: `reports/${input.archive}/${input.runId}/index.html`, labelsCsvKey: `reports/${input.archive}/${input.runId}/labels.csv`, files: [] };
  },
};

let workers: TestWorkers;
let client: Client;

beforeAll(async () => {
  workers = await startTestWorkers(env.temporal, [
    { taskQueue: q.orchestrator, workflowsPath, bundlerOptions: workflowBundlerOptions() },
    { taskQueue: q.ingest, activities: ingest },
    { taskQueue: q.featurise, activities: featurise },
    { taskQueue: q.gpu, activities: train },
    { taskQueue: q.cluster, activities: cluster },
  ]);
  client = workers.client;
}, 120_000);

afterAll(async () => {
  await workers?.stop();
});

beforeEach(() => {
  calls.length = 0;
  windowsPerUnit = 5;
  cacheWarm = false;
});

const names = () => calls.map((c) => c.name);
const input = (runId: string, extra: Partial<ReprocessInput> = {}): ReprocessInput => ({
  archive: 'luhu',
  runId,
  source: { kind: 'store', prefix: 'archives/luhu/sds' },
  cluster: { k: { min: 2, max: 6 }, restarts: 6, restartsPerActivity: 4 },
  taskQueues: q,
  concurrency: 2,
  ...extra,
});

describe('reprocessArchive (fake activities, real server)', () => {
  it('runs every stage in order, sweeps k in child workflows, selects k by Calinski-Harabasz', async () => {
    const runId = `happy-${suffix}`;
    const workflowId = `reprocess/luhu/${runId}`;
    const handle = await client.workflow.start('reprocessArchive', { taskQueue: q.orchestrator, workflowId, args: [input(runId)] });
    const result = (await handle.result()) as ReprocessResult;

    expect(result.k).toBe(4);
    expect(result.kSelection).toEqual({ criterion: 'calinski-harabasz', explanation: 'k=4 maximises Calinski-Harabasz', fixed: false });
    expect(result.sweep.map((p) => p.k)).toEqual([2, 3, 4, 5, 6]);
    expect(result.windows).toBe(20);
    expect(result.quarantined).toEqual([{ key: 'bad.mseed', offset: 4096, reason: 'Steim2 frame checksum' }]);
    expect(result.report.indexKey).toBe(`reports/luhu/${runId}/index.html`);

    // stage order
    const firstIndex = (n: string) => names().indexOf(n);
    const order = ['planIngest', 'ingestStationDay', 'featuriseShard', 'buildDataset', 'pretrain', 'embed', 'kmeansRestarts', 'scoreClustering', 'selectK', 'decFineTune', 'writeReport'];
    expect(order.map(firstIndex)).toEqual([...order.map(firstIndex)].sort((a, b) => a - b));
    expect(names().filter((n) => n === 'ingestStationDay')).toHaveLength(4);
    expect(names().filter((n) => n === 'featuriseShard')).toHaveLength(4);
    // 6 restarts in chunks of 4 -> 2 activities per k, for 5 values of k
    expect(names().filter((n) => n === 'kmeansRestarts')).toHaveLength(10);
    const dec = calls.find((c) => c.name === 'decFineTune')!.input;
    expect(dec).toMatchObject({ k: 4, datasetKey: 'cache/dataset/d.json', modelKey: 'cache/pretrain/m' });
    expect(dec['centroidsKey']).toMatch(/^c-k4-/);

    // every stage computed, none reused
    expect(result.stages.map((s) => [s.stage, s.computed, s.reused])).toEqual([
      ['ingest', 4, 0],
      ['featurise', 5, 0],
      ['pretrain', 1, 0],
      ['embed', 1, 0],
      ['ksweep', 5, 0],
      ['dec', 1, 0],
      ['report', 1, 0],
    ]);

    // inspection: search attributes, progress query, child workflows named ksweep/<runId>/k=<k>
    const description = await handle.describe();
    expect(description.searchAttributes).toMatchObject({ SeisdecArchive: ['luhu'], SeisdecStage: ['done'], SeisdecStatus: ['completed'] });
    const progress = (await handle.query('progress')) as ReprocessProgress;
    expect(progress.stage).toBe('done');
    const children: string[] = [];
    for await (const wf of client.workflow.list({ query: `ParentWorkflowId = "${workflowId}"` })) children.push(wf.workflowId);
    expect(children.sort()).toEqual([2, 3, 4, 5, 6].map((k) => `ksweep/${runId}/k=${k}`));

    // determinism: the recorded history replays against the current code
    const history = await handle.fetchHistory();
    await Worker.runReplayHistory({ workflowsPath, bundlerOptions: workflowBundlerOptions() }, history, workflowId);
    if (process.env['SEISDEC_RECORD_HISTORIES'] === '1') {
      await writeFile(path.join(__dirname, 'histories', 'reprocess-archive.happy.json'), historyToJSON(history) + '\n');
    }
  });

  it('reports reused outputs per stage when the cache is warm', async () => {
    cacheWarm = true;
    const result = (await client.workflow.execute('reprocessArchive', { taskQueue: q.orchestrator, workflowId: `reprocess/luhu/warm-${suffix}`, args: [input(`warm-${suffix}`, { cluster: { k: 3 } })] })) as ReprocessResult;
    expect(result.k).toBe(3);
    expect(result.kSelection.fixed).toBe(true);
    expect(names()).not.toContain('selectK');
    const byStage = Object.fromEntries(result.stages.map((s) => [s.stage, s]));
    expect(byStage['ingest']).toMatchObject({ computed: 0, reused: 4 });
    expect(byStage['featurise']).toMatchObject({ computed: 0, reused: 5 });
    expect(byStage['pretrain']).toMatchObject({ computed: 0, reused: 1 });
  });

  it('forces recomputation from the requested stage on, not before', async () => {
    await client.workflow.execute('reprocessArchive', { taskQueue: q.orchestrator, workflowId: `reprocess/luhu/from-${suffix}`, args: [input(`from-${suffix}`, { recomputeFrom: 'embed', cluster: { k: 2 } })] });
    const forceOf = (name: string) => calls.find((c) => c.name === name)!.input['force'];
    expect([forceOf('ingestStationDay'), forceOf('featuriseShard'), forceOf('pretrain')]).toEqual([false, false, false]);
    expect([forceOf('embed'), forceOf('kmeansRestarts'), forceOf('decFineTune')]).toEqual([true, true, true]);
  });

  it('fails fast with a clear message when no window was produced', async () => {
    windowsPerUnit = 0;
    const error = await client.workflow
      .execute('reprocessArchive', { taskQueue: q.orchestrator, workflowId: `reprocess/luhu/empty-${suffix}`, args: [input(`empty-${suffix}`)] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect((error as WorkflowFailedError).cause?.message).toMatch(/no windows: 4 station-days were read but none produced a window \(triggered mode: no envelope exceeded 12 x MAD on EHZ\)/);
    expect(names()).not.toContain('featuriseShard');
  });

  it('rejects an invalid k range before doing any work, naming the field', async () => {
    const handle = await client.workflow.start('reprocessArchive', {
      taskQueue: q.orchestrator,
      workflowId: `reprocess/luhu/badk-${suffix}`,
      args: [input(`badk-${suffix}`, { cluster: { k: { min: 9, max: 3 } } })],
    });
    const error = await handle.result().catch((e: unknown) => e);
    expect((error as WorkflowFailedError).cause?.message).toMatch(/cluster\.k: k range is empty: min 9 > max 3/);
    expect(calls).toEqual([]);
    const description = await handle.describe();
    expect(description.status.name).toBe('FAILED');
  });
});
