import { z } from 'zod';
import { ArchiveNameSchema } from './stage-archive';

/*
 * The reprocessing pipeline's contracts: the workflow input (validated at the CLI, again in the
 * workflow), every activity's input and output, and the layout of what stages write to the object
 * store. Payloads carry object keys and small summaries, never sample or tensor arrays.
 */

// ---------------------------------------------------------------------------------------------
// Stored tensors

/**
 * A tensor stored as one object of raw little-endian values in row-major order (C order), so any
 * stage (or numpy: `np.fromfile(f, '<f4').reshape(shape)`) can read it without a parser.
 */
export const TensorRefSchema = z.object({
  key: z.string().min(1),
  dtype: z.enum(['float32', 'int32']),
  shape: z.array(z.number().int().nonnegative()).min(1),
});
export type TensorRef = z.infer<typeof TensorRefSchema>;

// ---------------------------------------------------------------------------------------------
// Settings (each group is hashed into the cache key of the stages that use it)

const positive = z.number().positive();

export const SelectionSchema = z.object({
  /** NET.STA.LOC.CHA glob patterns (`*`, `?`), e.g. `TW.LH0?.00.EH?`. */
  patterns: z.array(z.string().regex(/^[^.\s]*\.[^.\s]*\.[^.\s]*\.[^.\s]*$/, 'expected NET.STA.LOC.CHA with glob characters')).min(1).default(['*.*.*.*']),
  /** ISO-8601 UTC start (inclusive) and end (exclusive); omitted means the whole archive. */
  start: z.iso.datetime({ offset: true }).optional(),
  end: z.iso.datetime({ offset: true }).optional(),
  /** Channels stacked as model input channels, in this order; every station must have them all. */
  components: z.array(z.string().min(1).max(3)).min(1).default(['EHE', 'EHN', 'EHZ']),
});
export type Selection = z.infer<typeof SelectionSchema>;

export const PreprocessSchema = z.object({
  demean: z.boolean().default(true),
  /** Cosine taper fraction at each end of a station-day trace (obspy max_percentage). */
  taper: z.number().min(0).max(0.5).default(0.001),
  /** Butterworth band-pass corners in Hz; omitted disables filtering. */
  bandpass: z.tuple([positive, positive]).optional().default([1, 45]),
  corners: z.number().int().min(1).max(10).default(4),
  zerophase: z.boolean().default(true),
  /** Resample to this rate (Hz); omitted keeps the archive's rate. */
  targetRate: positive.optional(),
});
export type Preprocess = z.infer<typeof PreprocessSchema>;

export const WindowingSchema = z.discriminatedUnion('mode', [
  z.object({
    /** ClusTremor: cut continuous data into fixed windows. */
    mode: z.literal('continuous'),
    windowSeconds: positive.default(60),
    /** Overlap fraction between consecutive windows. */
    overlap: z.number().min(0).max(0.95).default(0.5),
  }),
  z.object({
    /** Slope-hazard study: windows where the envelope exceeds `madMultiplier` x its MAD. */
    mode: z.literal('triggered'),
    madMultiplier: positive.default(12),
    /** Component whose envelope triggers (the others are cut at the same times). */
    triggerComponent: z.string().default('EHZ'),
    windowSeconds: positive.default(20),
    /** Seconds kept before the trigger onset. */
    preSeconds: z.number().min(0).default(5),
    /** Triggers closer than this merge into one event. */
    minGapSeconds: z.number().min(0).default(10),
  }),
]);
export type Windowing = z.infer<typeof WindowingSchema>;

export const SpectrogramSettingsSchema = z.object({
  nperseg: z.number().int().min(8).default(128),
  hop: z.number().int().min(1).default(32),
  nfft: z.number().int().min(8).optional(),
  window: z.enum(['hann', 'hamming', 'boxcar']).default('hann'),
  scale: z.enum(['magnitude', 'power', 'dB']).default('dB'),
  /** Frequency band kept, Hz. */
  band: z.tuple([z.number().min(0), positive]).default([1, 45]),
  /** Output image size (frequency bins x time frames); both must divide by 16 for the autoencoder. */
  height: z.number().int().min(16).multipleOf(16).default(64),
  width: z.number().int().min(16).multipleOf(16).default(64),
  /** Per-window normalisation before dataset normalisation. */
  windowNormalisation: z.enum(['none', 'zscore', 'minmax']).default('none'),
  /** Dataset normalisation: per-channel z-score with statistics over every window. */
  datasetNormalisation: z.enum(['none', 'zscore', 'minmax']).default('zscore'),
});
export type SpectrogramSettings = z.infer<typeof SpectrogramSettingsSchema>;

export const ModelSettingsSchema = z.object({
  /** `clustremor` (ELU, 8/16/32/64, 24-d), `slope-hazard` (ReLU, 12/24/36/48, 64-d); shapes derive from the input. */
  architecture: z.enum(['clustremor', 'slope-hazard']).default('slope-hazard'),
  latentDim: z.number().int().min(2).optional(),
  epochs: z.number().int().min(1).default(30),
  batchSize: z.number().int().min(1).default(32),
  learningRate: positive.default(1e-3),
  /** Exponential learning-rate decay per epoch. */
  decayRate: z.number().min(0).max(1).default(0.96),
  patience: z.number().int().min(1).default(30),
  validationSplit: z.number().min(0).max(0.5).default(0.1),
  checkpointEvery: z.number().int().min(1).default(1),
  /**
   * How pretraining executes: `graph` runs each step (forward, backward, Adam) as one TensorFlow
   * graph on the native backend (1.1-1.2x Keras' throughput for ClusTremor, ~2x the eager ops),
   * `eager` as tfjs ops on any backend, `auto` picks graph on the native backend and eager elsewhere.
   * Both give the same updates (see libs/model/BACKENDS.md); checkpoints are interchangeable.
   */
  engine: z.enum(['auto', 'eager', 'graph']).default('auto'),
});
export type ModelSettings = z.infer<typeof ModelSettingsSchema>;

export const ClusterSettingsSchema = z.object({
  /** A fixed k, or the sweep range. */
  k: z.union([z.number().int().min(2), z.object({ min: z.number().int().min(2), max: z.number().int().min(2) })]).default({ min: 2, max: 15 }),
  criterion: z.enum(['calinski-harabasz', 'silhouette', 'davies-bouldin', 'elbow']).default('calinski-harabasz'),
  /** k-means restarts per k (best inertia kept). */
  restarts: z.number().int().min(1).default(20),
  /** Restarts per activity (restarts run in parallel activities of this size). */
  restartsPerActivity: z.number().int().min(1).default(5),
  /** Silhouette is computed on at most this many points (0 = exact). */
  silhouetteSample: z.number().int().min(0).default(5000),
  dec: z
    .object({
      mode: z.enum(['dec', 'idec']).default('idec'),
      maxIter: z.number().int().min(1).default(2000),
      updateInterval: z.number().int().min(1).default(200),
      tol: z.number().min(0).default(1e-4),
      /** KL weight in IDEC's loss (gamma * KL + MSE). */
      gamma: z.number().min(0).default(0.1),
      learningRate: positive.default(0.01),
      momentum: z.number().min(0).max(1).default(0.9),
      batchSize: z.number().int().min(1).default(32),
    })
    .prefault({}),
});
export type ClusterSettings = z.infer<typeof ClusterSettingsSchema>;

export const STAGES = ['ingest', 'featurise', 'pretrain', 'embed', 'ksweep', 'dec', 'report'] as const;
export const StageSchema = z.enum(STAGES);
export type Stage = z.infer<typeof StageSchema>;

// ---------------------------------------------------------------------------------------------
// Workflow input and result

export const ArchiveSourceSchema = z.discriminatedUnion('kind', [
  /** An SDS archive already in the object store under `prefix` (e.g. `archives/luhu/sds`). */
  z.object({ kind: z.literal('store'), prefix: z.string().min(1) }),
  /** An SDS directory on the ingest workers' filesystem; staged into the store first. */
  z.object({ kind: z.literal('directory'), path: z.string().startsWith('/', 'expected an absolute path') }),
]);
export type ArchiveSource = z.infer<typeof ArchiveSourceSchema>;

export const ReprocessInputSchema = z
  .object({
    archive: ArchiveNameSchema,
    source: ArchiveSourceSchema,
    /** Run identifier (workflow ID `reprocess/<archive>/<runId>`); the CLI generates one. */
    runId: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'expected 1-64 letters, digits, "_", "-", "."'),
    selection: SelectionSchema.prefault({}),
    preprocess: PreprocessSchema.prefault({}),
    windowing: WindowingSchema.default({ mode: 'triggered', madMultiplier: 12, triggerComponent: 'EHZ', windowSeconds: 20, preSeconds: 5, minGapSeconds: 10 }),
    spectrogram: SpectrogramSettingsSchema.prefault({}),
    model: ModelSettingsSchema.prefault({}),
    cluster: ClusterSettingsSchema.prefault({}),
    seed: z.number().int().min(0).default(42),
    /** Recompute this stage and every later one even when cached outputs exist (`seisdec retry --from`). */
    recomputeFrom: StageSchema.optional(),
    /**
     * How long the GPU queue may go without a heartbeat before Temporal retries the activity on
     * another worker (which resumes from the last checkpoint). Pretraining heartbeats every epoch.
     */
    trainHeartbeatTimeout: z.string().regex(/^\d+ ?(ms|s|seconds?|m|minutes?|h|hours?)$/, 'expected a duration such as "30 minutes" or "20s"').default('30 minutes'),
    /** Station-day activities in flight at once (ingest and featurise fan-out). */
    concurrency: z.number().int().min(1).max(256).default(8),
    /** Per-queue overrides (tenants, tests); defaults are TASK_QUEUES. */
    taskQueues: z
      .object({ ingest: z.string().optional(), featurise: z.string().optional(), gpu: z.string().optional(), cluster: z.string().optional(), orchestrator: z.string().optional() })
      .default({}),
  })
  .superRefine((input, ctx) => {
    const k = input.cluster.k;
    if (typeof k === 'object' && k.min > k.max) {
      ctx.addIssue({ code: 'custom', path: ['cluster', 'k'], message: `k range is empty: min ${k.min} > max ${k.max}` });
    }
    const { start, end } = input.selection;
    if (start && end && Date.parse(start) >= Date.parse(end)) {
      ctx.addIssue({ code: 'custom', path: ['selection', 'end'], message: `end ${end} is not after start ${start}` });
    }
    if (input.preprocess.bandpass && input.preprocess.bandpass[0] >= input.preprocess.bandpass[1]) {
      ctx.addIssue({ code: 'custom', path: ['preprocess', 'bandpass'], message: 'expected [low, high] with low < high' });
    }
  });
export type ReprocessInput = z.input<typeof ReprocessInputSchema>;
export type ReprocessParams = z.output<typeof ReprocessInputSchema>;

export const reprocessWorkflowId = (archive: string, runId: string): string => `reprocess/${archive}/${runId}`;
export const kSweepWorkflowId = (runId: string, k: number): string => `ksweep/${runId}/k=${k}`;

/** What one stage did in this run: computed, or reused from the cache (same inputs and settings). */
export const StageOutcomeSchema = z.object({
  stage: StageSchema,
  computed: z.number().int().nonnegative(),
  reused: z.number().int().nonnegative(),
  seconds: z.number().nonnegative(),
});
export type StageOutcome = z.infer<typeof StageOutcomeSchema>;

/** A file the pipeline could not use, with why; never fatal for the run. */
export const QuarantinedFileSchema = z.object({ key: z.string(), offset: z.number().int().nonnegative(), reason: z.string() });
export type QuarantinedFile = z.infer<typeof QuarantinedFileSchema>;

export const SweepPointSchema = z.object({
  k: z.number().int(),
  inertia: z.number(),
  calinskiHarabasz: z.number(),
  silhouette: z.number(),
  daviesBouldin: z.number(),
  centroidsKey: z.string(),
});
export type SweepPointResult = z.infer<typeof SweepPointSchema>;

export const ReprocessResultSchema = z.object({
  archive: z.string(),
  runId: z.string(),
  windows: z.number().int().nonnegative(),
  k: z.number().int(),
  kSelection: z.object({ criterion: z.string(), explanation: z.string(), fixed: z.boolean() }),
  sweep: z.array(SweepPointSchema),
  clusterSizes: z.array(z.number().int().nonnegative()),
  decIterations: z.number().int().nonnegative(),
  stages: z.array(StageOutcomeSchema),
  quarantined: z.array(QuarantinedFileSchema),
  report: z.object({ prefix: z.string(), indexKey: z.string(), labelsCsvKey: z.string() }),
});
export type ReprocessResult = z.infer<typeof ReprocessResultSchema>;

// ---------------------------------------------------------------------------------------------
// Activities. Every stage output is content-addressed: its key prefix is derived from the stage,
// a stage code version, and the stage's inputs and settings (see `cacheKey` in @seisdec/store).
// An activity whose output exists returns it with `reused: true` without recomputing, unless
// `force` is set. Bad input -> non-retryable ApplicationFailure naming the file or field.

/** One station-day: the archive objects of each selected component for one station and UTC day. */
export const StationDayUnitSchema = z.object({
  station: z.string(), // NET.STA.LOC
  day: z.string(), // YEAR.DOY
  /** Object key per component, in `selection.components` order. */
  keys: z.array(z.string()),
});
export type StationDayUnit = z.infer<typeof StationDayUnitSchema>;

export const PlanIngestInputSchema = z.object({ archive: z.string(), prefix: z.string(), selection: SelectionSchema });
export const PlanIngestResultSchema = z.object({
  /** JSON object holding `StationDayUnit[]`. */
  unitsKey: z.string(),
  units: z.number().int().positive(),
  /** Station-days missing a component, or files outside the SDS layout: reported, not fatal. */
  skipped: z.array(z.object({ key: z.string(), reason: z.string() })),
});
export type PlanIngestResult = z.infer<typeof PlanIngestResultSchema>;

export const IngestUnitInputSchema = z.object({
  unitsKey: z.string(),
  index: z.number().int().nonnegative(),
  selection: SelectionSchema,
  preprocess: PreprocessSchema,
  windowing: WindowingSchema,
  force: z.boolean().default(false),
});
export type IngestUnitInput = z.input<typeof IngestUnitInputSchema>;

/**
 * Window shard metadata (`<prefix>/windows.json`) beside `windows` (float32, shape
 * [n, components, samples]). Times are ISO-8601 UTC.
 */
export const WindowMetaSchema = z.object({
  station: z.string(),
  components: z.array(z.string()),
  sampleRate: z.number().positive(),
  windows: z.array(z.object({ start: z.string(), end: z.string() })),
});
export type WindowMeta = z.infer<typeof WindowMetaSchema>;

export const IngestUnitResultSchema = z.object({
  station: z.string(),
  day: z.string(),
  /** Absent when the station-day produced no window (no trigger, or all its files quarantined). */
  windows: TensorRefSchema.optional(),
  metaKey: z.string().optional(),
  count: z.number().int().nonnegative(),
  quarantined: z.array(QuarantinedFileSchema),
  reused: z.boolean(),
});
export type IngestUnitResult = z.infer<typeof IngestUnitResultSchema>;

export interface IngestActivities {
  planIngest(input: z.input<typeof PlanIngestInputSchema>): Promise<PlanIngestResult>;
  ingestStationDay(input: IngestUnitInput): Promise<IngestUnitResult>;
}

/** Per-channel running sums over spectrogram values, combinable across shards. */
export const ChannelStatsSchema = z.object({
  count: z.number().nonnegative(),
  sum: z.array(z.number()),
  sumSq: z.array(z.number()),
  min: z.array(z.number()),
  max: z.array(z.number()),
});
export type ChannelStats = z.infer<typeof ChannelStatsSchema>;

export const FeaturiseShardInputSchema = z.object({
  windows: TensorRefSchema,
  metaKey: z.string(),
  spectrogram: SpectrogramSettingsSchema,
  force: z.boolean().default(false),
});
export type FeaturiseShardInput = z.input<typeof FeaturiseShardInputSchema>;

export const FeaturiseShardResultSchema = z.object({
  /** float32, shape [n, height, width, components] (NHWC, what the model consumes), before dataset normalisation. */
  spectrograms: TensorRefSchema,
  metaKey: z.string(),
  stats: ChannelStatsSchema,
  reused: z.boolean(),
});
export type FeaturiseShardResult = z.infer<typeof FeaturiseShardResultSchema>;

/** The training set: ordered shards plus the dataset normalisation (`<prefix>/dataset.json`). */
export const DatasetSchema = z.object({
  shards: z.array(z.object({ spectrograms: TensorRefSchema, metaKey: z.string() })),
  count: z.number().int().nonnegative(),
  /** [height, width, channels] */
  shape: z.tuple([z.number().int(), z.number().int(), z.number().int()]),
  normalisation: z.enum(['none', 'zscore', 'minmax']),
  /** Per channel: value -> (value - offset) / scale. */
  offset: z.array(z.number()),
  scale: z.array(z.number()),
});
export type Dataset = z.infer<typeof DatasetSchema>;

export interface FeaturiseActivities {
  featuriseShard(input: FeaturiseShardInput): Promise<FeaturiseShardResult>;
  /** Combines shard statistics into the dataset normalisation and writes the dataset object. */
  buildDataset(input: { shards: FeaturiseShardResult[]; normalisation: SpectrogramSettings['datasetNormalisation'] }): Promise<{ datasetKey: string; count: number; reused: boolean }>;
}

export const PretrainInputSchema = z.object({ datasetKey: z.string(), model: ModelSettingsSchema, seed: z.number().int(), force: z.boolean().default(false) });
export type PretrainInput = z.input<typeof PretrainInputSchema>;
/** Heartbeat details of pretraining: a retried attempt resumes from `checkpointKey`. */
export const PretrainHeartbeatSchema = z.object({ epoch: z.number().int(), epochs: z.number().int(), loss: z.number(), valLoss: z.number().optional(), checkpointKey: z.string().optional() });
export type PretrainHeartbeat = z.infer<typeof PretrainHeartbeatSchema>;
export const PretrainResultSchema = z.object({
  /** Prefix of the saved autoencoder (tfjs model.json + weights through the BlobStore IOHandler). */
  modelKey: z.string(),
  /** JSON `[{ epoch, loss, valLoss, seconds }]`. */
  historyKey: z.string(),
  epochs: z.number().int(),
  bestValLoss: z.number().nullable(),
  backend: z.string(),
  /** The pretraining engine used (`eager` or `graph`); absent in results recorded before it existed. */
  engine: z.enum(['eager', 'graph']).optional(),
  reused: z.boolean(),
});
export type PretrainResult = z.infer<typeof PretrainResultSchema>;

export const EmbedResultSchema = z.object({ latent: TensorRefSchema, reused: z.boolean() });
export type EmbedResult = z.infer<typeof EmbedResultSchema>;

export const DecInputSchema = z.object({
  datasetKey: z.string(),
  modelKey: z.string(),
  centroidsKey: z.string(),
  k: z.number().int().min(2),
  dec: ClusterSettingsSchema.shape.dec,
  seed: z.number().int(),
  force: z.boolean().default(false),
});
export type DecInput = z.input<typeof DecInputSchema>;
/**
 * Heartbeat details of DEC fine-tuning, sent at every refresh of the target distribution: a retried
 * attempt resumes from `checkpointKey` (the state at that refresh).
 */
export const DecHeartbeatSchema = z.object({
  /** Training steps done. */
  iteration: z.number().int(),
  maxIter: z.number().int(),
  /** Fraction of windows whose label changed since the previous refresh (1 at the first). */
  labelChange: z.number(),
  /** Mean loss over the steps since the previous refresh (absent at the first). */
  loss: z.number().optional(),
  checkpointKey: z.string().optional(),
});
export type DecHeartbeat = z.infer<typeof DecHeartbeatSchema>;
export const DecResultSchema = z.object({
  labels: TensorRefSchema,
  q: TensorRefSchema,
  latent: TensorRefSchema,
  modelKey: z.string(),
  historyKey: z.string(),
  iterations: z.number().int(),
  clusterSizes: z.array(z.number().int()),
  reused: z.boolean(),
});
export type DecResult = z.infer<typeof DecResultSchema>;

export interface TrainActivities {
  pretrain(input: PretrainInput): Promise<PretrainResult>;
  embed(input: { datasetKey: string; modelKey: string; force?: boolean }): Promise<EmbedResult>;
  decFineTune(input: DecInput): Promise<DecResult>;
}

export const KmeansRestartsInputSchema = z.object({
  latent: TensorRefSchema,
  k: z.number().int().min(2),
  /** One seed per restart; the best inertia among them is returned. */
  seeds: z.array(z.number().int()).min(1),
  maxIter: z.number().int().min(1).default(300),
  tol: z.number().min(0).default(1e-4),
  force: z.boolean().default(false),
});
export type KmeansRestartsInput = z.input<typeof KmeansRestartsInputSchema>;
export const KmeansRestartsResultSchema = z.object({ centroidsKey: z.string(), inertia: z.number(), seed: z.number().int(), iterations: z.number().int(), reused: z.boolean() });
export type KmeansRestartsResult = z.infer<typeof KmeansRestartsResultSchema>;

export const ScoreInputSchema = z.object({ latent: TensorRefSchema, k: z.number().int(), centroidsKey: z.string(), silhouetteSample: z.number().int(), seed: z.number().int(), force: z.boolean().default(false) });
export type ScoreInput = z.input<typeof ScoreInputSchema>;

export const ReportInputSchema = z.object({
  archive: z.string(),
  runId: z.string(),
  datasetKey: z.string(),
  pretrainHistoryKey: z.string(),
  sweep: z.array(SweepPointSchema),
  k: z.number().int(),
  criterion: z.string(),
  dec: DecResultSchema,
  stages: z.array(StageOutcomeSchema),
  quarantined: z.array(QuarantinedFileSchema),
  /**
   * The frequency band and scale of the spectrograms, so figures label frequency in Hz. Optional:
   * runs recorded before it was added report frequency bins.
   */
  spectrogram: SpectrogramSettingsSchema.pick({ band: true, scale: true }).optional(),
});
export type ReportInput = z.infer<typeof ReportInputSchema>;
export const ReportResultSchema = z.object({ prefix: z.string(), indexKey: z.string(), labelsCsvKey: z.string(), files: z.array(z.string()) });
export type ReportResult = z.infer<typeof ReportResultSchema>;

export interface ClusterActivities {
  kmeansRestarts(input: KmeansRestartsInput): Promise<KmeansRestartsResult>;
  scoreClustering(input: ScoreInput): Promise<Omit<SweepPointResult, 'centroidsKey'> & { reused: boolean }>;
  selectK(input: { sweep: SweepPointResult[]; criterion: ClusterSettings['criterion'] }): Promise<{ k: number; explanation: string }>;
  writeReport(input: ReportInput): Promise<ReportResult>;
}

/** Input of the per-k child workflow `ksweep/<runId>/k=<k>`. */
export const KSweepInputSchema = z.object({
  runId: z.string(),
  latent: TensorRefSchema,
  k: z.number().int().min(2),
  restarts: z.number().int().min(1),
  restartsPerActivity: z.number().int().min(1),
  silhouetteSample: z.number().int().min(0),
  seed: z.number().int(),
  force: z.boolean(),
  clusterTaskQueue: z.string().optional(),
});
export type KSweepInput = z.infer<typeof KSweepInputSchema>;

/** Reprocessing progress, answered by the `progress` query. */
export const ReprocessProgressSchema = z.object({
  stage: z.union([StageSchema, z.literal('stage-archive'), z.literal('done')]),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  stages: z.array(StageOutcomeSchema),
  detail: z.string().optional(),
});
export type ReprocessProgress = z.infer<typeof ReprocessProgressSchema>;
