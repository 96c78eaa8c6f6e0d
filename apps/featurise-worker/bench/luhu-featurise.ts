// Featurise benchmark: featuriseShard (force) on every window shard the ingest benchmark left in
// <store>/bench/ingest-units.json, with the workflow's default spectrogram settings, then buildDataset.
// Usage: tsx apps/featurise-worker/bench/luhu-featurise.ts --store DIR
import * as path from 'node:path';
import { IngestUnitResultSchema, SpectrogramSettingsSchema, type FeaturiseShardResult } from '@seisdec/contracts';
import { FsBlobStore } from '@seisdec/store';
import { createFeaturiseActivities } from '../src/featurise-activities';

async function main(): Promise<void> {
  const storeArg = process.argv.indexOf('--store');
  if (storeArg < 0) throw new Error('usage: luhu-featurise.ts --store DIR (the directory the ingest benchmark wrote)');
  const store = new FsBlobStore(path.resolve(process.argv[storeArg + 1]!));
  const activities = createFeaturiseActivities({ store });
  const units = IngestUnitResultSchema.array().parse(JSON.parse((await store.get('bench/ingest-units.json')).toString('utf8')));
  const spectrogram = SpectrogramSettingsSchema.parse({});
  const shards: FeaturiseShardResult[] = [];
  const seconds: number[] = [];
  const cpu = process.cpuUsage();
  for (const unit of units) {
    if (!unit.windows || !unit.metaKey) continue;
    const started = performance.now();
    shards.push(await activities.featuriseShard({ windows: unit.windows, metaKey: unit.metaKey, spectrogram, force: true }));
    seconds.push((performance.now() - started) / 1000);
  }
  const used = process.cpuUsage(cpu);
  const started = performance.now();
  const dataset = await activities.buildDataset({ shards, normalisation: spectrogram.datasetNormalisation });
  const windows = shards.reduce((n, s) => n + s.spectrograms.shape[0]!, 0);
  console.log(
    `featurise: ${shards.length} shards, ${windows} windows -> [${windows}, ${spectrogram.height}, ${spectrogram.width}, 3]\n` +
      `  ${(seconds.reduce((a, b) => a + b, 0) / seconds.length).toFixed(3)} s per station-day (max ${Math.max(...seconds).toFixed(3)}), ` +
      `${((seconds.reduce((a, b) => a + b, 0) / windows) * 1000).toFixed(2)} ms per window, CPU ${((used.user + used.system) / 1e6 / shards.length).toFixed(3)} s per station-day\n` +
      `buildDataset: ${dataset.count} windows in ${((performance.now() - started) / 1000).toFixed(3)} s -> ${dataset.datasetKey}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
