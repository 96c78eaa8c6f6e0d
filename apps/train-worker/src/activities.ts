import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { z } from 'zod';
import {
  DecHeartbeatSchema,
  DecInputSchema,
  formatIssues,
  PretrainHeartbeatSchema,
  PretrainInputSchema,
  type DecHeartbeat,
  type DecResult,
  type EmbedResult,
  type ModelSettings,
  type PretrainHeartbeat,
  type PretrainResult,
  type TrainActivities,
} from '@seisdec/contracts';
import {
  buildAutoencoder,
  checkpointDirectoryKey,
  disposeAutoencoder,
  fineTuneDec,
  forEachPredictionChunk,
  joinKey,
  pretrainAutoencoder,
  saveDecModel,
  splitIndices,
  type BackendChoice,
  type EpochReport,
  type PretrainEngine,
} from '@seisdec/model';
import { cachedStage, putTensor, type BlobStore } from '@seisdec/store';
import { architectureFor, assertModelFitsDataset, loadAutoencoder, saveAutoencoder } from './autoencoder-store';
import { readCentroids } from './centroids';
import { openDatasetSource, type DatasetSource } from './dataset-source';
import { emptySelection, invalidInput } from './invalid-input';
import { ActivityProgress } from './progress';

/**
 * Code versions of the stages (see cacheKey): bump one when its output for the same inputs changes,
 * and every cached output of that stage and of the stages after it is recomputed on the next run.
 */
export const STAGE_VERSIONS = { pretrain: 1, embed: 1, dec: 1 } as const;

/** Layout of the outputs under each stage's content-addressed prefix. */
export const OUTPUTS = {
  autoencoder: 'autoencoder',
  checkpoint: 'checkpoint',
  history: 'history.json',
  latent: 'latent.f32',
  labels: 'labels.i32',
  q: 'q.f32',
  decModel: 'model',
} as const;

export interface TrainDeps {
  /** Where datasets are read and every output, checkpoint and model is written (MinIO in deployments). */
  store: BlobStore;
  /** What initBackend chose at start-up (reported in PretrainResult.backend). */
  backend: BackendChoice;
  /** One-line progress messages (the worker's JSON logger); default: none. */
  log?: (message: string, fields?: Record<string, unknown>) => void;
  /** Parent folder of the per-activity scratch folders (local shard copies). Default: the OS temporary folder. */
  scratchRoot?: string;
  /** Samples per forward pass of embedding and the whole-data-set DEC passes (memory bound). Default 256. */
  inferenceBatchSize?: number;
}

/** Train-service activities (task queue `seisdec-gpu`), built from their dependencies. */
export function createTrainActivities(deps: TrainDeps): TrainActivities {
  const { store, backend, log = () => undefined, scratchRoot, inferenceBatchSize = 256 } = deps;

  const withSource = async <T>(datasetKey: string, onAccess: () => void, use: (source: DatasetSource) => Promise<T>): Promise<T> => {
    const source = await openDatasetSource(store, datasetKey, { onAccess, ...(scratchRoot ? { scratchRoot } : {}) });
    try {
      return await use(source);
    } finally {
      await source.close();
    }
  };

  return {
    async pretrain(raw): Promise<PretrainResult> {
      const input = parseInput(PretrainInputSchema, raw, 'pretrain');
      const settings = input.model;
      const progress = new ActivityProgress<PretrainHeartbeat>();
      const inputs = { datasetKey: input.datasetKey, model: settings, seed: input.seed };
      return cachedStage(store, { name: 'pretrain', version: STAGE_VERSIONS.pretrain, inputs, force: input.force }, (prefix) =>
        withSource(input.datasetKey, () => progress.tick(), async (source) => {
          if (source.count < 2) throw emptySelection(`dataset ${input.datasetKey}: pretraining needs at least 2 windows, found ${source.count}`);
          const architecture = architectureFor(settings, source.dataset.shape, input.datasetKey);
          const checkpointPrefix = joinKey(prefix, OUTPUTS.checkpoint);
          const previous = PretrainHeartbeatSchema.safeParse(progress.previousDetails);
          const resumeFrom = await prepareCheckpoint(store, checkpointPrefix, input.force, progress.attempt > 1 || previous.success);
          log(resumeFrom === undefined ? 'pretrain: starting' : `pretrain: resuming after epoch ${resumeFrom}`, {
            datasetKey: input.datasetKey,
            windows: source.count,
            architecture: settings.architecture,
            attempt: progress.attempt,
            heartbeat: previous.success ? previous.data : undefined,
          });

          const { train } = splitIndices(source.count, settings.validationSplit, input.seed);
          if (train.length === 0) throw invalidInput(`model.validationSplit ${settings.validationSplit} leaves no training window out of ${source.count}`);
          const stepsPerEpoch = Math.ceil(train.length / settings.batchSize);
          const every = settings.checkpointEvery;
          let checkpointKey = resumeFrom === undefined ? undefined : checkpointDirectoryKey(checkpointPrefix, resumeFrom);
          const model = buildAutoencoder(architecture, { seed: input.seed });
          const engine = pretrainEngine(settings.engine, backend);
          try {
            const result = await invalidOnRangeError('model', () =>
              pretrainAutoencoder(model, source, {
                engine,
                epochs: settings.epochs,
                batchSize: settings.batchSize,
                validationSplit: settings.validationSplit,
                patience: settings.patience,
                restoreBestWeights: true,
                seed: input.seed,
                // decayRate per epoch: one decay period is one epoch's updates.
                optimizer: { kind: 'adam', learningRate: settings.learningRate, decayRate: settings.decayRate, decaySteps: stepsPerEpoch },
                checkpoint: { store, prefix: checkpointPrefix, every },
                onEpoch: (report: EpochReport) => {
                  // pretrainAutoencoder writes this epoch's checkpoint (if any) before this call.
                  if (report.checkpointed) checkpointKey = checkpointDirectoryKey(checkpointPrefix, report.epoch);
                  const details: PretrainHeartbeat = { epoch: report.epoch, epochs: settings.epochs, loss: report.loss };
                  if (report.valLoss !== undefined) details.valLoss = report.valLoss;
                  if (checkpointKey !== undefined) details.checkpointKey = checkpointKey;
                  log('pretrain: epoch', { ...details, seconds: report.seconds, learningRate: report.learningRate });
                  progress.report(details); // throws when cancelled: after the log, so every checkpointed epoch is logged
                },
              }),
            );
            const modelKey = joinKey(prefix, OUTPUTS.autoencoder);
            await saveAutoencoder(store, modelKey, model);
            const historyKey = joinKey(prefix, OUTPUTS.history);
            const history = result.history.map(({ epoch, loss, valLoss, seconds, learningRate }) => ({ epoch, loss, valLoss: valLoss ?? null, seconds, learningRate }));
            await store.put(historyKey, JSON.stringify(history));
            const validated = result.history.some((r) => r.valLoss !== undefined);
            log('pretrain: done', { engine, epochs: result.history.length, bestEpoch: result.bestEpoch, bestLoss: result.bestLoss, stoppedEarly: result.stoppedEarly });
            return { modelKey, historyKey, epochs: result.history.length, bestValLoss: validated ? result.bestLoss : null, backend: backend.backend, engine };
          } finally {
            disposeAutoencoder(model);
          }
        }),
      );
    },

    async embed({ datasetKey, modelKey, force = false }): Promise<EmbedResult> {
      if (typeof datasetKey !== 'string' || typeof modelKey !== 'string') throw invalidInput('embed: expected { datasetKey: string, modelKey: string }');
      const progress = new ActivityProgress<{ done: number; total: number }>();
      return cachedStage(store, { name: 'embed', version: STAGE_VERSIONS.embed, inputs: { datasetKey, modelKey }, force }, (prefix) =>
        withSource(datasetKey, () => progress.tick(), async (source) => {
          const model = await loadAutoencoder(store, modelKey);
          const scratch = await mkdtemp(path.join(scratchRoot ?? tmpdir(), 'seisdec-embed-'));
          try {
            assertModelFitsDataset(model, source.dataset, modelKey, datasetKey);
            // Chunks go to a local file as they come, then one streamed upload: memory stays one chunk.
            const file = path.join(scratch, OUTPUTS.latent);
            const handle = await open(file, 'w');
            try {
              await forEachPredictionChunk(
                model.encoder,
                source,
                async (_start, end, values) => {
                  await handle.write(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
                  progress.report({ done: end, total: source.count });
                },
                { batchSize: inferenceBatchSize },
              );
            } finally {
              await handle.close();
            }
            const key = joinKey(prefix, OUTPUTS.latent);
            await store.putFile(key, file);
            log('embed: done', { windows: source.count, latentDim: model.architecture.latentDim });
            return { latent: { key, dtype: 'float32' as const, shape: [source.count, model.architecture.latentDim] } };
          } finally {
            disposeAutoencoder(model);
            await rm(scratch, { recursive: true, force: true });
          }
        }),
      );
    },

    async decFineTune(raw): Promise<DecResult> {
      const input = parseInput(DecInputSchema, raw, 'decFineTune');
      const { dec, k } = input;
      const progress = new ActivityProgress<DecHeartbeat>();
      const inputs = { datasetKey: input.datasetKey, modelKey: input.modelKey, centroidsKey: input.centroidsKey, k, dec, seed: input.seed };
      return cachedStage(store, { name: 'dec', version: STAGE_VERSIONS.dec, inputs, force: input.force }, (prefix) =>
        withSource(input.datasetKey, () => progress.tick(), async (source) => {
          if (k > source.count) throw invalidInput(`k ${k} exceeds the ${source.count} windows of dataset ${input.datasetKey}`);
          const model = await loadAutoencoder(store, input.modelKey);
          try {
            assertModelFitsDataset(model, source.dataset, input.modelKey, input.datasetKey);
            const dim = model.architecture.latentDim;
            const initialCentroids = await readCentroids(store, input.centroidsKey, k, dim);
            const checkpointPrefix = joinKey(prefix, OUTPUTS.checkpoint);
            const previous = DecHeartbeatSchema.safeParse(progress.previousDetails);
            const resumeFrom = await prepareCheckpoint(store, checkpointPrefix, input.force, progress.attempt > 1 || previous.success);
            log(resumeFrom === undefined ? 'dec: starting' : `dec: resuming at step ${resumeFrom}`, {
              k,
              mode: dec.mode,
              windows: source.count,
              attempt: progress.attempt,
              heartbeat: previous.success ? previous.data : undefined,
            });

            const result = await invalidOnRangeError('dec', () =>
              fineTuneDec(model, source, {
                k,
                mode: dec.mode,
                gamma: dec.gamma,
                batchSize: dec.batchSize,
                updateInterval: dec.updateInterval,
                tol: dec.tol,
                maxIter: dec.maxIter,
                optimizer: { kind: 'sgd', learningRate: dec.learningRate, momentum: dec.momentum },
                seed: input.seed,
                initialCentroids,
                evalBatchSize: inferenceBatchSize,
                // A checkpoint at every refresh (after which onUpdate heartbeats its key); one found at the start is resumed.
                checkpoint: { store, prefix: checkpointPrefix, every: 1 },
                onUpdate: (report, checkpointKey) => {
                  const details: DecHeartbeat = { iteration: report.iteration, maxIter: dec.maxIter, labelChange: report.labelChange };
                  if (Number.isFinite(report.loss)) details.loss = report.loss;
                  if (checkpointKey !== undefined) details.checkpointKey = checkpointKey;
                  log('dec: refresh', { ...details, seconds: report.seconds });
                  progress.report(details);
                },
              }),
            );

            const labels = await putTensor(store, joinKey(prefix, OUTPUTS.labels), result.labels, [source.count]);
            const q = await putTensor(store, joinKey(prefix, OUTPUTS.q), result.q, [source.count, k]);
            const latent = await putTensor(store, joinKey(prefix, OUTPUTS.latent), result.embeddings, [source.count, dim]);
            const modelKey = joinKey(prefix, OUTPUTS.decModel);
            await saveDecModel(store, modelKey, { model, centroids: result.centroids, k, alpha: 1 });
            const historyKey = joinKey(prefix, OUTPUTS.history);
            await store.put(historyKey, JSON.stringify(result.history));
            const clusterSizes = new Array<number>(k).fill(0);
            for (const label of result.labels) clusterSizes[label]! += 1;
            log('dec: done', { iterations: result.iterations, converged: result.converged, clusterSizes });
            return { labels, q, latent, modelKey, historyKey, iterations: result.iterations, clusterSizes };
          } finally {
            disposeAutoencoder(model);
          }
        }),
      );
    },
  };
}

/** Validates an activity input with its contract schema; errors are bad input naming the fields. */
function parseInput<S extends z.ZodType>(schema: S, raw: unknown, activity: string): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw invalidInput(`${activity}: ${formatIssues(parsed.error)}`);
  return parsed.data;
}

/**
 * Decides whether a checkpoint under `prefix` is resumed: always when the attempt is a retry (a
 * later attempt, or heartbeat details from an earlier one) or when the stage is not forced (same
 * inputs give the same result, so an earlier run's checkpoint is as good as a fresh start); a
 * forced first attempt removes what an earlier run left and starts over.
 * Returns the epoch/step of the checkpoint that will be resumed.
 */
async function prepareCheckpoint(store: BlobStore, prefix: string, force: boolean, isRetry: boolean): Promise<number | undefined> {
  const latestKey = joinKey(prefix, 'latest.json');
  if (force && !isRetry) {
    for await (const info of store.list(`${prefix}/`)) await store.delete(info.key);
    return undefined;
  }
  if ((await store.stat(latestKey)) === undefined) return undefined;
  const latest = JSON.parse((await store.get(latestKey)).toString('utf8')) as { epoch?: unknown };
  return typeof latest.epoch === 'number' ? latest.epoch : undefined;
}

/** The model lib reports invalid settings as RangeErrors naming the option: those are bad input, not retryable. */
async function invalidOnRangeError<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof RangeError) throw invalidInput(`${what}: ${error.message}`);
    throw error;
  }
}

/**
 * The pretraining engine for a run's `model.engine` on this worker's backend: `auto` is the graph
 * engine on the native TensorFlow backend (one session run per step; 1.1-1.2x Keras' throughput for
 * ClusTremor against ~0.6x for eager tfjs ops) and eager elsewhere. An explicit `graph` on another
 * backend is left to pretrainAutoencoder, which refuses it naming the backend (non-retryable).
 */
export function pretrainEngine(setting: ModelSettings['engine'], backend: BackendChoice): PretrainEngine {
  if (setting !== 'auto') return setting;
  return backend.backend === 'tensorflow' ? 'graph' : 'eager';
}
