import type { Duration } from '@temporalio/common';
import {
  ApplicationFailure,
  defineQuery,
  executeChild,
  isCancellation,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  formatIssues,
  kSweepWorkflowId,
  ReprocessInputSchema,
  STAGES,
  stageArchiveWorkflowId,
  TASK_QUEUES,
  type FeaturiseActivities,
  type FeaturiseShardResult,
  type IngestActivities,
  type IngestUnitResult,
  type QuarantinedFile,
  type ReprocessInput,
  type ReprocessParams,
  type ReprocessProgress,
  type ReprocessResult,
  type Stage,
  type StageOutcome,
  type SweepPointResult,
  type TrainActivities,
} from '@seisdec/contracts';
import { kSweep } from './k-sweep';
import { clusterActivities } from './queues';
import { markRun } from './search-attributes';
import { stageArchive } from './stage-archive';

// One proxy per task queue, with the timeouts and retries that fit its work beside it. I/O errors
// retry with exponential backoff; activities raise bad input as non-retryable ApplicationFailures.
const ioRetry = { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 8 } as const;

/** Decoding and windowing one station-day: seconds to minutes; heartbeats per component. */
const ingestActivities = (taskQueue: string) =>
  proxyActivities<IngestActivities>({ taskQueue, startToCloseTimeout: '30 minutes', heartbeatTimeout: '5 minutes', retry: ioRetry });

/** Spectrograms of one shard: seconds to minutes. */
const featuriseActivities = (taskQueue: string) =>
  proxyActivities<FeaturiseActivities>({ taskQueue, startToCloseTimeout: '30 minutes', heartbeatTimeout: '10 minutes', retry: ioRetry });

/**
 * Training on the GPU queue: hours for a large archive, heartbeating every epoch (pretrain) or
 * target refresh (DEC) with a checkpoint key, so a retry on another worker resumes. The heartbeat
 * timeout (default 30 minutes, `trainHeartbeatTimeout`) bounds how long a dead worker holds the stage.
 */
const trainActivities = (taskQueue: string, heartbeatTimeout: string) =>
  proxyActivities<TrainActivities>({
    taskQueue,
    startToCloseTimeout: '24 hours',
    heartbeatTimeout: heartbeatTimeout as Duration,
    retry: { ...ioRetry, maximumAttempts: 5 },
  });

export const reprocessProgressQuery = defineQuery<ReprocessProgress>('progress');

/**
 * Reprocesses an archive end to end: (stage) -> ingest -> featurise -> pretrain -> embed ->
 * k-sweep (one child workflow per k) -> DEC -> report. Every stage output is content-addressed by
 * its inputs and settings, so a rerun recomputes only the stages a change affects; the result
 * says, per stage, how many outputs were computed and how many reused.
 */
export async function reprocessArchive(rawInput: ReprocessInput): Promise<ReprocessResult> {
  const parsed = ReprocessInputSchema.safeParse(rawInput);
  if (!parsed.success) throw ApplicationFailure.nonRetryable(`invalid reprocessArchive input: ${formatIssues(parsed.error)}`, 'InvalidInput');
  const input = parsed.data;
  const queues = {
    orchestrator: input.taskQueues.orchestrator ?? workflowInfo().taskQueue,
    ingest: input.taskQueues.ingest ?? TASK_QUEUES.ingest,
    featurise: input.taskQueues.featurise ?? TASK_QUEUES.featurise,
    gpu: input.taskQueues.gpu ?? TASK_QUEUES.gpu,
    cluster: input.taskQueues.cluster ?? TASK_QUEUES.cluster,
  };
  const run = new RunTracker(input);
  setHandler(reprocessProgressQuery, () => run.progress());
  markRun({ archive: input.archive, status: 'running' });

  try {
    return await runStages(input, queues, run);
  } catch (error) {
    markRun({ status: isCancellation(error) ? 'cancelled' : 'failed' });
    throw error;
  }
}

async function runStages(input: ReprocessParams, queues: Record<'orchestrator' | 'ingest' | 'featurise' | 'gpu' | 'cluster', string>, run: RunTracker): Promise<ReprocessResult> {
  const ingest = ingestActivities(queues.ingest);
  const featurise = featuriseActivities(queues.featurise);
  const train = trainActivities(queues.gpu, input.trainHeartbeatTimeout);
  const cluster = clusterActivities(queues.cluster);

  // 0. A directory source is staged into the store first (idempotent; its own child workflow).
  let prefix: string;
  if (input.source.kind === 'directory') {
    run.enter('stage-archive', 1);
    const staged = await executeChild(stageArchive, {
      workflowId: `${stageArchiveWorkflowId(input.archive)}/${input.runId}`,
      taskQueue: queues.orchestrator,
      args: [{ archive: input.archive, sourceDir: input.source.path, ingestTaskQueue: queues.ingest }],
    });
    prefix = staged.prefix;
  } else {
    prefix = input.source.prefix;
  }

  // 1. ingest: one activity per station-day, bounded fan-out; quarantined files are collected.
  run.enter('ingest', 0);
  const plan = await ingest.planIngest({ archive: input.archive, prefix, selection: input.selection });
  run.enter('ingest', plan.units);
  const units = await boundedMap(range(plan.units), input.concurrency, async (index) => {
    const result: IngestUnitResult = await ingest.ingestStationDay({
      unitsKey: plan.unitsKey,
      index,
      selection: input.selection,
      preprocess: input.preprocess,
      windowing: input.windowing,
      force: run.forced('ingest'),
    });
    run.tick(result.reused);
    return result;
  });
  const quarantined: QuarantinedFile[] = units.flatMap((u) => u.quarantined);
  run.note(`${plan.skipped.length} station-days skipped, ${quarantined.length} files quarantined`);
  const shards = units.filter((u) => u.windows && u.metaKey && u.count > 0);
  if (shards.length === 0) {
    throw ApplicationFailure.nonRetryable(
      `no windows: ${plan.units} station-days were read but none produced a window (${describeWindowing(input)}); ${quarantined.length} files quarantined`,
      'EmptySelection',
    );
  }

  // 2. featurise: one activity per shard, then the dataset normalisation over all of them.
  run.enter('featurise', shards.length + 1);
  const featurised: FeaturiseShardResult[] = await boundedMap(shards, input.concurrency, async (shard) => {
    const result = await featurise.featuriseShard({ windows: shard.windows!, metaKey: shard.metaKey!, spectrogram: input.spectrogram, force: run.forced('featurise') });
    run.tick(result.reused);
    return result;
  });
  const dataset = await featurise.buildDataset({ shards: featurised, normalisation: input.spectrogram.datasetNormalisation });
  run.tick(dataset.reused);

  // 3-4. pretrain the autoencoder, then embed every window.
  const pretrained = await run.stage('pretrain', 1, () => train.pretrain({ datasetKey: dataset.datasetKey, model: input.model, seed: input.seed, force: run.forced('pretrain') }));
  const embedded = await run.stage('embed', 1, () => train.embed({ datasetKey: dataset.datasetKey, modelKey: pretrained.modelKey, force: run.forced('embed') }));

  // 5. k-sweep: one child workflow per k, all in parallel; the parent selects k.
  const fixedK = typeof input.cluster.k === 'number' ? input.cluster.k : undefined;
  const ks = fixedK !== undefined ? [fixedK] : range((input.cluster.k as { max: number }).max + 1).slice((input.cluster.k as { min: number }).min);
  if (embedded.latent.shape[0]! <= Math.max(...ks)) {
    throw ApplicationFailure.nonRetryable(`k up to ${Math.max(...ks)} needs more than ${embedded.latent.shape[0]} windows; lower cluster.k`, 'InvalidInput');
  }
  run.enter('ksweep', ks.length);
  const sweep: SweepPointResult[] = await Promise.all(
    ks.map(async (k) => {
      const point = await executeChild(kSweep, {
        workflowId: kSweepWorkflowId(input.runId, k),
        taskQueue: queues.orchestrator,
        args: [
          {
            runId: input.runId,
            latent: embedded.latent,
            k,
            restarts: input.cluster.restarts,
            restartsPerActivity: input.cluster.restartsPerActivity,
            silhouetteSample: input.cluster.silhouetteSample,
            seed: input.seed,
            force: run.forced('ksweep'),
            clusterTaskQueue: queues.cluster,
          },
        ],
      });
      run.tick(false);
      return point;
    }),
  );
  const selection = fixedK !== undefined ? { k: fixedK, explanation: `k fixed at ${fixedK} by the run settings` } : await cluster.selectK({ sweep, criterion: input.cluster.criterion });
  const chosen = sweep.find((p) => p.k === selection.k);
  if (!chosen) throw ApplicationFailure.nonRetryable(`selected k=${selection.k} is not in the sweep`, 'InvalidInput');

  // 6. DEC / IDEC fine-tuning from the chosen k-means centres.
  const dec = await run.stage('dec', 1, () =>
    train.decFineTune({
      datasetKey: dataset.datasetKey,
      modelKey: pretrained.modelKey,
      centroidsKey: chosen.centroidsKey,
      k: selection.k,
      dec: input.cluster.dec,
      seed: input.seed,
      force: run.forced('dec'),
    }),
  );

  // 7. report: labels CSV, figures and index.html in the store.
  run.enter('report', 1);
  const stagesSoFar = run.outcomes();
  const report = await cluster.writeReport({
    archive: input.archive,
    runId: input.runId,
    datasetKey: dataset.datasetKey,
    pretrainHistoryKey: pretrained.historyKey,
    sweep,
    k: selection.k,
    criterion: input.cluster.criterion,
    dec,
    stages: stagesSoFar,
    quarantined,
    spectrogram: { band: input.spectrogram.band, scale: input.spectrogram.scale },
  });
  run.tick(false);
  run.finish();
  markRun({ stage: 'done', status: 'completed' });
  return {
    archive: input.archive,
    runId: input.runId,
    windows: dataset.count,
    k: selection.k,
    kSelection: { criterion: input.cluster.criterion, explanation: selection.explanation, fixed: fixedK !== undefined },
    sweep,
    clusterSizes: dec.clusterSizes,
    decIterations: dec.iterations,
    stages: run.outcomes(),
    quarantined,
    report: { prefix: report.prefix, indexKey: report.indexKey, labelsCsvKey: report.labelsCsvKey },
  };
}

/**
 * Progress and per-stage accounting of one run. Time comes from the workflow clock
 * (deterministic in replay), so stage durations in the result are the real ones.
 */
class RunTracker {
  private current: ReprocessProgress['stage'] = 'ingest';
  private done = 0;
  private total = 0;
  private detail: string | undefined;
  private readonly stages = new Map<Stage, StageOutcome & { startedAt: number }>();

  constructor(private readonly input: ReprocessParams) {}

  /** True when the run asked to recompute this stage (`recomputeFrom` at or before it). */
  forced(stage: Stage): boolean {
    const from = this.input.recomputeFrom;
    return from !== undefined && STAGES.indexOf(stage) >= STAGES.indexOf(from);
  }

  enter(stage: ReprocessProgress['stage'], total: number): void {
    this.current = stage;
    this.done = 0;
    this.total = total;
    if (stage !== 'stage-archive' && stage !== 'done' && !this.stages.has(stage)) {
      this.stages.set(stage, { stage, computed: 0, reused: 0, seconds: 0, startedAt: Date.now() });
    }
    markRun({ stage });
  }

  tick(reused: boolean): void {
    this.done++;
    const outcome = this.current !== 'stage-archive' && this.current !== 'done' ? this.stages.get(this.current) : undefined;
    if (outcome) {
      if (reused) outcome.reused++;
      else outcome.computed++;
      outcome.seconds = (Date.now() - outcome.startedAt) / 1000;
    }
  }

  /** Runs a single-activity stage, counting it as computed or reused. */
  async stage<T extends object>(stage: Stage, total: number, action: () => Promise<T>): Promise<T> {
    this.enter(stage, total);
    const result = await action();
    this.tick('reused' in result && result.reused === true);
    return result;
  }

  note(detail: string): void {
    this.detail = detail;
  }

  finish(): void {
    this.current = 'done';
  }

  outcomes(): StageOutcome[] {
    return [...this.stages.values()].map(({ startedAt: _startedAt, ...o }) => o);
  }

  progress(): ReprocessProgress {
    return { stage: this.current, done: this.done, total: this.total, stages: this.outcomes(), ...(this.detail ? { detail: this.detail } : {}) };
  }
}

function describeWindowing(input: ReprocessParams): string {
  const w = input.windowing;
  return w.mode === 'triggered' ? `triggered mode: no envelope exceeded ${w.madMultiplier} x MAD on ${w.triggerComponent}` : `continuous mode with ${w.windowSeconds} s windows`;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Maps with at most `limit` calls in flight; results keep the input order. */
async function boundedMap<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
