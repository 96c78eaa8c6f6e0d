/**
 * Report benchmark: builds a synthetic run of 2,000 windows (5 stations x 2 recording days x 200
 * windows, 64 x 64 x 3 spectrograms, k = 4) in a temporary FsBlobStore and times writeReport,
 * split into reading the run and rendering. Copies the report to --out DIR (default: a temp dir) so
 * the figures can be looked at.
 *
 *   npx nx run cluster-worker:bench      or   npx tsx apps/cluster-worker/bench/report.ts [--out DIR] [--windows-per-shard N] [--k K]
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FsBlobStore } from '@seisdec/store';
import { loadRunData } from '../src/report/run-data';
import { writeReport } from '../src/report/write-report';
import { buildSyntheticRun } from '../src/testing/synthetic-run';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const windowsPerShard = Number(arg('windows-per-shard') ?? 200);
  const k = Number(arg('k') ?? 4);
  const root = await mkdtemp(path.join(tmpdir(), 'seisdec-report-bench-'));
  const store = new FsBlobStore(root);
  const stations = ['TW.LH01.00', 'TW.LH02.00', 'TW.LH03.00', 'TW.LH04.00', 'TW.LH05.00'];
  const { input } = await buildSyntheticRun(store, { stations, windowsPerShard, k, height: 64, width: 64 });
  const windows = stations.length * 2 * windowsPerShard;

  // Warm-up: loads vega/vega-lite and resvg's fonts once, as a long-running worker would have.
  const cold = performance.now();
  await writeReport(store, { ...input, runId: 'warm-up' });
  const coldSeconds = (performance.now() - cold) / 1000;
  const rounds = 3;
  const times: { load: number; total: number; cpu: number }[] = [];
  let result;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    await loadRunData(store, input);
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    result = await writeReport(store, input);
    const c2 = process.cpuUsage(c1);
    const t2 = performance.now();
    times.push({ load: (t1 - t0) / 1000, total: (t2 - t1) / 1000, cpu: (c2.user + c2.system) / 1e6 });
  }
  const best = times.reduce((a, b) => (b.total < a.total ? b : a));
  const sizes = await Promise.all(result!.files.map(async (key) => ({ key: path.basename(key), bytes: (await store.stat(key))!.size })));
  console.log(`writeReport, ${windows} windows, k = ${k}, 64x64x3 spectrograms, FsBlobStore (best of ${rounds} after a warm-up):`);
  console.log(`  total ${best.total.toFixed(2)} s wall (${best.cpu.toFixed(2)} s CPU), of which reading the run (dataset, shards, labels, q, history) ${best.load.toFixed(2)} s`);
  console.log(`  first report in a fresh process (loads vega, vega-lite, system fonts): ${coldSeconds.toFixed(2)} s wall`);
  console.log(`  all rounds: ${times.map((t) => `${t.total.toFixed(2)} s / ${t.cpu.toFixed(2)} s CPU`).join(', ')}; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  for (const { key, bytes } of sizes) console.log(`  ${key.padEnd(24)} ${(bytes / 1024).toFixed(1).padStart(8)} KiB`);
  const out = arg('out') ?? (await mkdtemp(path.join(tmpdir(), 'seisdec-report-')));
  await cp(path.join(root, result!.prefix), out, { recursive: true });
  console.log(`  report copied to ${out}`);
  await rm(root, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
