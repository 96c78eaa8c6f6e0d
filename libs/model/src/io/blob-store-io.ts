import * as tf from '@tensorflow/tfjs';
import type { BlobStore } from '@seisdec/store';

/** Name of the weights object written next to `model.json`. */
export const WEIGHTS_FILE = 'weights.bin';
export const MODEL_JSON_FILE = 'model.json';

/** Joins key segments with '/', dropping empty ones (so a prefix may or may not end in '/'). */
export function joinKey(...parts: string[]): string {
  return parts
    .flatMap((part) => part.split('/'))
    .filter((segment) => segment !== '')
    .join('/');
}

/**
 * A tfjs IOHandler that saves and loads a model through a {@link BlobStore}, in the layout of
 * tfjs' own file format: `<prefix>/model.json` (topology, weights manifest, user metadata) and
 * `<prefix>/weights.bin` (all weights, one shard). Usable with `model.save(handler)` and
 * `tf.loadLayersModel(handler)`. `model.json` is written last, so a reader that finds it finds the
 * weights it names.
 */
export function blobStoreIO(store: BlobStore, prefix: string): tf.io.IOHandler {
  const modelKey = joinKey(prefix, MODEL_JSON_FILE);
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      const weightData = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      await store.put(joinKey(prefix, WEIGHTS_FILE), new Uint8Array(weightData));
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
      };
      if (artifacts.trainingConfig !== undefined) modelJson.trainingConfig = artifacts.trainingConfig;
      if (artifacts.userDefinedMetadata !== undefined) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
      await store.put(modelKey, JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const modelJson = JSON.parse((await store.get(modelKey)).toString('utf8')) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs: tf.io.WeightsManifestEntry[] = [];
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          specs.push(...group.weights);
          for (const file of group.paths) buffers.push(toArrayBuffer(await store.get(joinKey(prefix, file))));
        }
        return [specs, tf.io.CompositeArrayBuffer.join(buffers)];
      });
    },
  };
}

/** A standalone ArrayBuffer holding exactly the bytes of `bytes` (Buffers may share a pool). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(out).set(bytes);
  return out;
}

/**
 * Copies weights saved by {@link blobStoreIO} into an already built model, matching by weight name
 * (layers carry fixed role names, see buildAutoencoder) and checking every shape.
 */
export async function loadWeightsInto(model: tf.LayersModel, handler: tf.io.IOHandler): Promise<void> {
  const artifacts = await handler.load!();
  if (artifacts.weightSpecs === undefined || artifacts.weightData === undefined) {
    throw new Error('loadWeightsInto: the saved model has no weights');
  }
  const named = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
  try {
    assignNamedWeights(model, named);
  } finally {
    tf.dispose(Object.values(named));
  }
}

/** Writes `named[w.originalName]` into every weight `w` of `model`; all must be present. */
export function assignNamedWeights(model: tf.LayersModel, named: tf.NamedTensorMap): void {
  for (const weight of model.weights) {
    const value = named[weight.originalName];
    if (value === undefined) throw new Error(`weights: no value saved for ${weight.originalName}`);
    if (!tf.util.arraysEqual(value.shape, weight.shape as number[])) {
      throw new Error(`weights: ${weight.originalName} has shape [${value.shape}], the model expects [${weight.shape}]`);
    }
    weight.write(value);
  }
}
