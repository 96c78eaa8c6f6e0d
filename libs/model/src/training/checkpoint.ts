import * as tf from '@tensorflow/tfjs';
import type { BlobStore } from '@seisdec/store';
import { blobStoreIO, joinKey, loadWeightsInto, MODEL_JSON_FILE } from '../io/blob-store-io';
import { packFloat32, unpackFloat32 } from '../io/float-arrays';
import type { Optimizer, OptimizerConfig } from './optimizer';

/**
 * Layout under `prefix`:
 *   latest.json                      {"directory": "epoch-000004", "epoch": 4}   (written last)
 *   epoch-000004/model/model.json    topology + weights manifest (blobStoreIO)
 *   epoch-000004/model/weights.bin
 *   epoch-000004/optimizer.bin       optimizer slots (Float32, packed)
 *   epoch-000004/arrays.bin          caller's extra arrays (e.g. best weights so far)
 *   epoch-000004/state.json          caller's JSON state + the lengths of the packed arrays
 * A checkpoint becomes visible only when latest.json points at it, so a crash while writing
 * leaves the previous one in force; older epoch directories are removed after the switch.
 * "epoch" is whatever position the caller counts in: epochs for pretraining, steps for DEC.
 */
export interface CheckpointContents<S> {
  /** Training position as JSON (epoch, RNG state, history, early-stopping counters, ...). */
  state: S;
  /** Extra float arrays saved beside the weights (for example the best weights so far). */
  arrays: Float32Array[];
}

export interface LoadCheckpointOptions<S> {
  /**
   * Checks the caller's state before anything is written into the model or the optimizer (so a
   * refused checkpoint leaves them as they were); throw to refuse it. `stored.key` names the
   * state.json it came from (for error messages), `stored.arrayLengths` the lengths of the saved arrays.
   */
  validate?: (state: S, stored: { key: string; arrayLengths: readonly number[] }) => void;
}

/** A checkpoint that cannot be resumed: unreadable, truncated, or saved for another model or run. */
export class CheckpointError extends Error {
  constructor(
    /** The object at fault. */
    readonly key: string,
    problem: string,
  ) {
    super(`checkpoint ${key}: ${problem}`);
    this.name = 'CheckpointError';
  }
}

interface StoredState<S> {
  version: 1;
  epoch: number;
  state: S;
  optimizer: { config: OptimizerConfig; iterations: number; slotLengths: number[][] };
  arrayLengths: number[];
}

const LATEST = 'latest.json';

/** Key of the directory {@link saveCheckpoint} writes for epoch (or step) `epoch`: `<prefix>/epoch-NNNNNN`. */
export function checkpointDirectoryKey(prefix: string, epoch: number): string {
  return joinKey(prefix, checkpointDirectoryName(epoch));
}

function checkpointDirectoryName(epoch: number): string {
  return `epoch-${String(epoch).padStart(6, '0')}`;
}

export async function saveCheckpoint<S>(
  store: BlobStore,
  prefix: string,
  epoch: number,
  model: tf.LayersModel,
  optimizer: Optimizer,
  contents: CheckpointContents<S>,
): Promise<void> {
  const directory = checkpointDirectoryName(epoch);
  const base = joinKey(prefix, directory);
  await model.save(blobStoreIO(store, joinKey(base, 'model')));
  const optimizerState = optimizer.exportState();
  const slots = packFloat32(optimizerState.slots.flat());
  await store.put(joinKey(base, 'optimizer.bin'), slots.bytes);
  const arrays = packFloat32(contents.arrays);
  await store.put(joinKey(base, 'arrays.bin'), arrays.bytes);
  const stored: StoredState<S> = {
    version: 1,
    epoch,
    state: contents.state,
    optimizer: {
      config: optimizer.config,
      iterations: optimizerState.iterations,
      slotLengths: optimizerState.slots.map((list) => list.map((a) => a.length)),
    },
    arrayLengths: arrays.lengths,
  };
  await store.put(joinKey(base, 'state.json'), JSON.stringify(stored));
  await store.put(joinKey(prefix, LATEST), JSON.stringify({ directory, epoch }));
  for await (const info of store.list(joinKey(prefix) + '/')) {
    const rest = info.key.slice(joinKey(prefix).length + 1);
    if (rest.startsWith('epoch-') && !rest.startsWith(directory + '/')) await store.delete(info.key);
  }
}

/**
 * Restores the newest checkpoint under `prefix` into `model` and `optimizer` (which must be built
 * the same way as when it was saved) and returns its epoch and contents, or undefined when there is none.
 * Everything is read and checked (versions, the caller's `validate`, weight names and shapes,
 * optimizer kind and slot sizes, array lengths) before the model or the optimizer is touched; a
 * checkpoint that fails a check throws a {@link CheckpointError} naming the object at fault.
 */
export async function loadCheckpoint<S>(
  store: BlobStore,
  prefix: string,
  model: tf.LayersModel,
  optimizer: Optimizer,
  variables: tf.Variable[],
  options: LoadCheckpointOptions<S> = {},
): Promise<({ epoch: number } & CheckpointContents<S>) | undefined> {
  const latestKey = joinKey(prefix, LATEST);
  if ((await store.stat(latestKey)) === undefined) return undefined;
  const latest = await readJson<{ directory?: unknown }>(store, latestKey);
  if (typeof latest.directory !== 'string' || !/^epoch-\d+$/.test(latest.directory)) {
    throw new CheckpointError(latestKey, `expected {"directory": "epoch-NNNNNN", ...}, got ${JSON.stringify(latest)}`);
  }
  const base = joinKey(prefix, latest.directory);
  const stateKey = joinKey(base, 'state.json');
  const stored = await readJson<StoredState<S>>(store, stateKey);
  if (stored.version !== 1) throw new CheckpointError(stateKey, `unsupported version ${String(stored.version)}`);
  if (stored.optimizer?.config?.kind !== optimizer.config.kind) {
    throw new CheckpointError(stateKey, `saved with a ${String(stored.optimizer?.config?.kind)} optimizer, resuming with ${optimizer.config.kind}`);
  }
  if (!Array.isArray(stored.arrayLengths) || !Array.isArray(stored.optimizer.slotLengths)) throw new CheckpointError(stateKey, 'no array or optimizer slot lengths');
  options.validate?.(stored.state, { key: stateKey, arrayLengths: stored.arrayLengths });

  const modelPrefix = joinKey(base, 'model');
  await assertWeightsMatch(store, joinKey(modelPrefix, MODEL_JSON_FILE), model);
  const optimizerKey = joinKey(base, 'optimizer.bin');
  const slotLengths = stored.optimizer.slotLengths;
  if (slotLengths.length !== 0 && (slotLengths.length !== variables.length || slotLengths.some((list, i) => list.some((n) => n !== variables[i]!.size)))) {
    throw new CheckpointError(stateKey, `optimizer slots saved for variables of sizes [${slotLengths.map((l) => l[0]).join(', ')}], resuming with [${variables.map((v) => v.size).join(', ')}]`);
  }
  const flatSlots = await readFloat32(store, optimizerKey, slotLengths.flat());
  const arrays = await readFloat32(store, joinKey(base, 'arrays.bin'), stored.arrayLengths);

  try {
    await loadWeightsInto(model, blobStoreIO(store, modelPrefix));
  } catch (error) {
    throw new CheckpointError(modelPrefix, (error as Error).message);
  }
  let next = 0;
  const slots = slotLengths.map((list) => list.map(() => flatSlots[next++]!));
  try {
    optimizer.importState({ iterations: stored.optimizer.iterations, slots }, variables);
  } catch (error) {
    throw new CheckpointError(optimizerKey, (error as Error).message);
  }
  return { epoch: stored.epoch, state: stored.state, arrays };
}

async function readJson<T>(store: BlobStore, key: string): Promise<T> {
  const bytes = await store.get(key);
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch (error) {
    throw new CheckpointError(key, `not valid JSON (${(error as Error).message})`);
  }
}

async function readFloat32(store: BlobStore, key: string, lengths: number[]): Promise<Float32Array[]> {
  try {
    return unpackFloat32(await store.get(key), lengths);
  } catch (error) {
    if (error instanceof RangeError) throw new CheckpointError(key, error.message);
    throw error;
  }
}

/** Every weight of `model` must be in the saved manifest with its shape: checked before any weight is written. */
async function assertWeightsMatch(store: BlobStore, modelJsonKey: string, model: tf.LayersModel): Promise<void> {
  const json = await readJson<tf.io.ModelJSON>(store, modelJsonKey);
  const specs = new Map((json.weightsManifest ?? []).flatMap((group) => group.weights).map((spec) => [spec.name, spec.shape]));
  for (const weight of model.weights) {
    const shape = specs.get(weight.originalName);
    if (shape === undefined) throw new CheckpointError(modelJsonKey, `no saved weight ${weight.originalName} (saved for another architecture?)`);
    if (!tf.util.arraysEqual(shape, weight.shape as number[])) {
      throw new CheckpointError(modelJsonKey, `${weight.originalName} saved with shape [${shape.join(', ')}], the model has [${weight.shape.join(', ')}]`);
    }
  }
}
