// Ingest benchmark on the whole bundled Luhu archive (10 station-days of 3 x 80 min at 100 Hz):
// planIngest + ingestStationDay (force, so every unit is computed) in triggered mode with the
// workflow defaults, then in continuous mode. Prints windows found and seconds per station-day.
// Usage: tsx apps/ingest-worker/bench/luhu-ingest.ts [--store DIR] (a temporary FsBlobStore by default;
// the triggered results are left at <store>/bench/ingest-units.json for the featurise benchmark).
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ReprocessInputSchema, type IngestUnitResult, type Windowing } from '@seisdec/contracts';
import { FsBlobStore } from '@seisdec/store';
import { workspaceRoot } from '@seisdec/worker-runtime';
import { createIngestActivities } from '../src/ingest-activities';

const prefix = 'archives/luhu/sds';

async function main(): Promise<void> {
  const storeArg = process.argv.indexOf('--store');
  const dir = storeArg > 0 ? path.resolve(process.argv[storeArg + 1]!) : await mkdtemp(path.join(tmpdir(), 'seisdec-ingest-bench-'));
  await cp(path.join(workspaceRoot, 'data/luhu/sds'), path.join(dir, prefix), { recursive: true });
  const store = new FsBlobStore(dir);
  const activities = createIngestActivities({ store });
  const defaults = ReprocessInputSchema.parse({ archive: 'luhu', source: { kind: 'store', prefix }, runId: 'bench' });
  const plan = await activities.planIngest({ archive: 'luhu', prefix, selection: defaults.selection });
  console.log(`plan: ${plan.units} station-days, ${plan.skipped.length} skipped`);

  const run = async (label: string, windowing: Windowing): Promise<IngestUnitResult[]> => {
    const seconds: number[] = [];
    const results: IngestUnitResult[] = [];
    const cpu = process.cpuUsage();
    for (let index = 0; index < plan.units; index++) {
      const started = performance.now();
      results.push(await activities.ingestStationDay({ unitsKey: plan.unitsKey, index, selection: defaults.selection, preprocess: defaults.preprocess, windowing, force: true }));
      seconds.push((performance.now() - started) / 1000);
    }
    const used = process.cpuUsage(cpu);
    const sorted = [...seconds].sort((a, b) => a - b);
    console.log(
      `${label}: ${results.reduce((n, r) => n + r.count, 0)} windows (${results.map((r) => `${r.station.split('.')[1]} ${r.day.slice(5)}: ${r.count}`).join(', ')})\n` +
        `  ${(seconds.reduce((a, b) => a + b, 0) / seconds.length).toFixed(3)} s per station-day (median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(3)}, max ${sorted[sorted.length - 1]!.toFixed(3)}), ` +
        `CPU ${((used.user + used.system) / 1e6 / plan.units).toFixed(3)} s per station-day`,
    );
    return results;
  };
  const triggered = await run(`triggered (${JSON.stringify(defaults.windowing)})`, defaults.windowing);
  await store.put('bench/ingest-units.json', JSON.stringify(triggered));
  await run('continuous (60 s, 50 % overlap)', { mode: 'continuous', windowSeconds: 60, overlap: 0.5 });
  if (storeArg < 0) await rm(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
