import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FsBlobStore } from '@seisdec/store';
import { buildAutoencoder } from '../architecture/build-autoencoder';
import { blobStoreIO, joinKey, loadWeightsInto } from './blob-store-io';
import { packFloat32, unpackFloat32 } from './float-arrays';

let dir: string;
let store: FsBlobStore;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(path.join(tmpdir(), 'seisdec-io-'));
  store = new FsBlobStore(dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const arch = { kind: 'conv' as const, inputShape: [8, 8, 1] as [number, number, number], filters: [2, 3], kernelSizes: [[3, 3], [3, 1]] as Array<[number, number]>, activation: 'elu' as const, latentDim: 2 };

describe('blobStoreIO', () => {
  it('saves model.json and weights.bin and loads an identical model with tf.loadLayersModel', async () => {
    const { autoencoder } = buildAutoencoder(arch, { seed: 3 });
    await autoencoder.save(blobStoreIO(store, 'models/ae-1/'));
    const keys: string[] = [];
    for await (const info of store.list('models/ae-1/')) keys.push(info.key);
    expect(keys).toEqual(['models/ae-1/model.json', 'models/ae-1/weights.bin']);
    const loaded = await tf.loadLayersModel(blobStoreIO(store, 'models/ae-1'));
    const x = tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 5);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((autoencoder.predict(x) as tf.Tensor).dataSync()));
  });

  it('loads weights by name into a freshly built model and checks shapes', async () => {
    const source = buildAutoencoder(arch, { seed: 8 });
    await source.autoencoder.save(blobStoreIO(store, 'models/ae-2'));
    const target = buildAutoencoder(arch, { seed: 9 });
    await loadWeightsInto(target.autoencoder, blobStoreIO(store, 'models/ae-2'));
    target.autoencoder.getWeights().forEach((w, i) => expect(Array.from(w.dataSync())).toEqual(Array.from(source.autoencoder.getWeights()[i]!.dataSync())));
    const wider = buildAutoencoder({ ...arch, latentDim: 3 });
    await expect(loadWeightsInto(wider.autoencoder, blobStoreIO(store, 'models/ae-2'))).rejects.toThrow(/latent\/kernel has shape \[12,2\], the model expects \[12,3\]/);
  });

  it('joins keys without empty segments', () => {
    expect(joinKey('a/', '/b', 'c.json')).toBe('a/b/c.json');
  });
});

describe('packFloat32', () => {
  it('round-trips and rejects a wrong byte count', () => {
    const arrays = [Float32Array.of(1, 2.5), new Float32Array(0), Float32Array.of(-3)];
    const { bytes, lengths } = packFloat32(arrays);
    expect(lengths).toEqual([2, 0, 1]);
    expect(unpackFloat32(bytes, lengths).map((a) => Array.from(a))).toEqual([[1, 2.5], [], [-3]]);
    expect(() => unpackFloat32(bytes, [2, 2])).toThrow(/expected 16 bytes/);
  });
});
