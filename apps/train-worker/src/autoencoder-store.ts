import type { Dataset, ModelSettings } from '@seisdec/contracts';
import {
  architectureSchema,
  blobStoreIO,
  buildAutoencoder,
  clustremorArchitectureFor,
  disposeAutoencoder,
  joinKey,
  loadWeightsInto,
  parseArchitecture,
  SLOPE_HAZARD_ARCHITECTURE,
  type Architecture,
  type Autoencoder,
} from '@seisdec/model';
import { BlobNotFoundError, type BlobStore } from '@seisdec/store';
import { invalidInput } from './invalid-input';

/** Written beside the tfjs `model.json` of a saved autoencoder, so it can be rebuilt by name. */
export const ARCHITECTURE_FILE = 'architecture.json';

/**
 * The architecture of `settings.architecture` for the dataset's [height, width, channels]:
 * the named layer stack with the input shape of the data and `settings.latentDim` when given.
 * Shapes the stack cannot take (sides not divisible by 16) are bad input naming the dataset.
 */
export function architectureFor(settings: Pick<ModelSettings, 'architecture' | 'latentDim'>, shape: Dataset['shape'], datasetKey: string): Architecture {
  try {
    switch (settings.architecture) {
      case 'clustremor':
        return clustremorArchitectureFor(shape, settings.latentDim ?? 24);
      case 'slope-hazard':
        return parseArchitecture({ ...SLOPE_HAZARD_ARCHITECTURE, inputShape: shape, latentDim: settings.latentDim ?? SLOPE_HAZARD_ARCHITECTURE.latentDim });
    }
  } catch (error) {
    throw invalidInput(`model.architecture ${settings.architecture} on dataset ${datasetKey} of shape [${shape.join(', ')}]: ${(error as Error).message}`);
  }
}

/**
 * Saves the autoencoder under `prefix`: `architecture.json`, then tfjs' `weights.bin` and
 * `model.json` through the BlobStore IOHandler (`model.json` last).
 */
export async function saveAutoencoder(store: BlobStore, prefix: string, model: Autoencoder): Promise<void> {
  await store.put(joinKey(prefix, ARCHITECTURE_FILE), JSON.stringify(model.architecture));
  await model.autoencoder.save(blobStoreIO(store, prefix));
}

/** Rebuilds an autoencoder saved by {@link saveAutoencoder}; a missing model is bad input naming the key. */
export async function loadAutoencoder(store: BlobStore, prefix: string): Promise<Autoencoder> {
  let text: string;
  try {
    text = (await store.get(joinKey(prefix, ARCHITECTURE_FILE))).toString('utf8');
  } catch (error) {
    if (error instanceof BlobNotFoundError) throw invalidInput(`modelKey ${prefix}: no saved autoencoder (${ARCHITECTURE_FILE} missing)`);
    throw error;
  }
  const parsed = architectureSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw invalidInput(`modelKey ${prefix}: ${ARCHITECTURE_FILE} is not an architecture (${parsed.error.message})`);
  const model = buildAutoencoder(parsed.data);
  try {
    await loadWeightsInto(model.autoencoder, blobStoreIO(store, prefix));
  } catch (error) {
    disposeAutoencoder(model);
    throw error;
  }
  return model;
}

/** Fails with bad input when the model cannot take the dataset's samples. */
export function assertModelFitsDataset(model: Autoencoder, dataset: Dataset, modelKey: string, datasetKey: string): void {
  const expected = model.architecture.inputShape;
  if (!expected.every((d, i) => d === dataset.shape[i])) {
    throw invalidInput(`modelKey ${modelKey} takes [${expected.join(', ')}] samples but dataset ${datasetKey} holds [${dataset.shape.join(', ')}]`);
  }
}
