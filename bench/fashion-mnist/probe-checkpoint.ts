/**
 * AE + k-means on the newest pretraining checkpoint of bench/fashion-mnist/run.ts, while that run
 * goes on: how good is the embedding so far? Copies the checkpoint's weights first (the running
 * pretraining deletes the previous epoch directory after writing the next one).
 *
 *   npx tsx bench/fashion-mnist/probe-checkpoint.ts [--recipe dec-keras|adam] [--store tmp/fashion-mnist/store]
 *        [--batch 256] [--seed 0] [--n-init 20]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { adjustedRandIndex, clusteringAccuracy, kmeans, normalizedMutualInfo } from '@seisdec/cluster';
import { FsBlobStore } from '@seisdec/store';
import { arraySource, blobStoreIO, buildAutoencoder, DEC_KERAS_KERNEL_INITIALIZER, decPaperArchitecture, embed, initBackend, loadWeightsInto } from '@seisdec/model';
import { loadFashionMnist } from './idx';

const { values: args } = parseArgs({
  options: {
    recipe: { type: 'string', default: 'dec-keras' },
    store: { type: 'string', default: 'tmp/fashion-mnist/store' },
    batch: { type: 'string', default: '256' },
    seed: { type: 'string', default: '0' },
    'n-init': { type: 'string', default: '20' },
  },
});

async function main(): Promise<void> {
  const backend = await initBackend();
  const all = loadFashionMnist('/usr/share/datasets/fashion-mnist');
  const recipeKey = args.recipe === 'adam' ? 'dense' : `dense-${args.recipe}`;
  const prefix = path.join(args.store, 'pretrain', `${recipeKey}-n${all.count}-b${args.batch}-s${args.seed}`);
  const copy = fs.mkdtempSync(path.join(args.store, '..', 'probe-'));
  let epoch = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      const latest = JSON.parse(fs.readFileSync(path.join(prefix, 'latest.json'), 'utf8')) as { directory: string; epoch: number };
      fs.cpSync(path.join(prefix, latest.directory, 'model'), path.join(copy, 'model'), { recursive: true });
      epoch = latest.epoch;
      break;
    } catch (error) {
      if (attempt >= 5) throw error; // raced with the writer: try the next checkpoint
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
  const architecture = decPaperArchitecture([28, 28, 1], 10, args.recipe === 'adam' ? undefined : DEC_KERAS_KERNEL_INITIALIZER);
  const model = buildAutoencoder(architecture, { seed: Number(args.seed) });
  await loadWeightsInto(model.autoencoder, blobStoreIO(new FsBlobStore(copy), 'model'));
  fs.rmSync(copy, { recursive: true, force: true });
  const t = performance.now();
  const embeddings = await embed(model.encoder, arraySource(all.images, [28, 28, 1]), { batchSize: 1024 });
  const km = kmeans(embeddings, all.count, 10, { k: 10, nInit: Number(args['n-init']), seed: Number(args.seed) });
  const [acc, nmi, ari] = [clusteringAccuracy(all.labels, km.labels), normalizedMutualInfo(all.labels, km.labels), adjustedRandIndex(all.labels, km.labels)];
  console.log(`epoch ${epoch} (${args.recipe}, backend ${backend.backend}): AE + k-means ACC ${acc.toFixed(4)} NMI ${nmi.toFixed(4)} ARI ${ari.toFixed(4)} (${((performance.now() - t) / 1000).toFixed(0)} s)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
