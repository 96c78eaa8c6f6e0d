import type * as tf from '@tensorflow/tfjs';
import type { BlobStore } from '@seisdec/store';
import { blobStoreIO, joinKey, loadWeightsInto } from '../io/blob-store-io';
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
 */
export interface CheckpointContents<S> {
  /** Training position as JSON (epoch, RNG state, history, early-stopping counters, ...). */
  state: S;
  /** Extra float arrays saved beside the weights (for example the best weights so far). */
  arrays: Float32Array[];
}

interface StoredState<S> {
  version: 1;
  epoch: number;
  state: S;
  optimizer: { config: OptimizerConfig; iterations: number; slotLengths: number[][] };
  arrayLengths: number[];
}

const LATEST = 'latest.json';

export async function saveCheckpoint<S>(
  store: BlobStore,
  prefix: string,
  epoch: number,
  model: tf.LayersModel,
  optimizer: Optimizer,
  contents: CheckpointContents<S>,
): Promise<void> {
  const directory = `epoch-${String(epoch).padStart(6, '0')}`;
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
 */
export async function loadCheckpoint<S>(
  store: BlobStore,
  prefix: string,
  model: tf.LayersModel,
  optimizer: Optimizer,
  variables: tf.Variable[],
): Promise<({ epoch: number } & CheckpointContents<S>) | undefined> {
  if ((await store.stat(joinKey(prefix, LATEST))) === undefined) return undefined;
  const latest = JSON.parse((await store.get(joinKey(prefix, LATEST))).toString('utf8')) as { directory: string };
  const base = joinKey(prefix, latest.directory);
  const stored = JSON.parse((await store.get(joinKey(base, 'state.json'))).toString('utf8')) as StoredState<S>;
  if (stored.version !== 1) throw new Error(`checkpoint ${base}: unsupported version ${String(stored.version)}`);
  if (stored.optimizer.config.kind !== optimizer.config.kind) {
    throw new Error(`checkpoint ${base}: saved with a ${stored.optimizer.config.kind} optimizer, resuming with ${optimizer.config.kind}`);
  }
  await loadWeightsInto(model, blobStoreIO(store, joinKey(base, 'model')));
  const flatSlots = unpackFloat32(await store.get(joinKey(base, 'optimizer.bin')), stored.optimizer.slotLengths.flat());
  let next = 0;
  const slots = stored.optimizer.slotLengths.map((list) => list.map(() => flatSlots[next++]!));
  optimizer.importState({ iterations: stored.optimizer.iterations, slots }, variables);
  const arrays = unpackFloat32(await store.get(joinKey(base, 'arrays.bin')), stored.arrayLengths);
  return { epoch: stored.epoch, state: stored.state, arrays };
}
