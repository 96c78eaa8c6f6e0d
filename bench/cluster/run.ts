/**
 * k-selection sweep benchmark: our kmeans + calinskiHarabasz against scikit-learn KMeans +
 * calinski_harabasz_score (1 thread each) on identical Float32 Gaussian-blob data, interleaved per k.
 * Then time and peak memory at N = 10k, 50k, 200k (separate processes), and optionally ml-kmeans.
 *
 *   npx nx run cluster:bench                      # full sweep k = 2..15, 20 restarts
 *   npx tsx --tsconfig bench/cluster/tsconfig.json bench/cluster/run.ts --ks=2,6,10 --skip-scaling --ml-kmeans --float64
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calinskiHarabasz, kmeans } from '@seisdec/cluster';
import { gaussianBlobs } from './blobs';
import { sweepSpec } from './sweep-spec';
import { SklearnPeer, timed } from './peer';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string | undefined]));
const ks = (args.get('ks') ?? '2,3,4,5,6,7,8,9,10,11,12,13,14,15').split(',').map(Number);
const nInit = Number(args.get('n-init') ?? 20);
const seed = 0;


async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'seisdec-cluster-bench-'));
  try {
    const { data } = gaussianBlobs(sweepSpec);
    const path = join(dir, 'blobs.bin');
    writeFileSync(path, data);
    const peer = new SklearnPeer();
    const versions = await peer.ready;
    console.log(`data: ${sweepSpec.nRows} x ${sweepSpec.dim} Float32, ${sweepSpec.centres} Gaussian blobs (centres in [-${sweepSpec.box}, ${sweepSpec.box}]^d, std ${sweepSpec.stdMin}-${sweepSpec.stdMax}), seed ${sweepSpec.seed}`);
    console.log(`peer: scikit-learn ${versions.sklearn}, numpy ${versions.numpy}, 1 thread; ours: node ${process.version}, 1 thread`);
    console.log(`sweep k = ${ks.join(',')}, nInit = ${nInit}; times are CPU seconds (wall in brackets), both sides run back to back per k\n`);
    const dtypes: Array<'float32' | 'float64'> = args.has('float64') ? ['float32', 'float64'] : ['float32'];
    console.log(['k', 'ours s', 'ours inertia', 'iter', ...dtypes.flatMap((d) => [`sklearn ${d} s`, `inertia`, 'iter']), 'ratio'].join('\t'));
    const totals = { ours: 0, oursWall: 0, peer: new Map<string, { cpu: number; wall: number }>() };
    for (const k of ks) {
      const ours = timed(() => {
        const result = kmeans(data, sweepSpec.nRows, sweepSpec.dim, { k, nInit, seed });
        return { result, ch: calinskiHarabasz(data, sweepSpec.nRows, sweepSpec.dim, result.labels) };
      });
      totals.ours += ours.cpu;
      totals.oursWall += ours.wall;
      const cells = [String(k), `${ours.cpu.toFixed(2)} (${ours.wall.toFixed(2)})`, ours.value.result.inertia.toFixed(0), String(ours.value.result.iterations)];
      let ratio = '';
      for (const dtype of dtypes) {
        const reply = await peer.run({ path, nRows: sweepSpec.nRows, nCols: sweepSpec.dim, dtype, k, nInit, seed });
        const sum = totals.peer.get(dtype) ?? { cpu: 0, wall: 0 };
        totals.peer.set(dtype, { cpu: sum.cpu + reply.cpu, wall: sum.wall + reply.wall });
        cells.push(`${reply.cpu.toFixed(2)} (${reply.wall.toFixed(2)})`, reply.inertia.toFixed(0), String(reply.iterations));
        if (dtype === 'float32') ratio = (ours.cpu / reply.cpu).toFixed(2);
      }
      console.log([...cells, ratio].join('\t'));
    }
    console.log(`\nsweep total: ours ${totals.ours.toFixed(1)} s CPU (${totals.oursWall.toFixed(1)} s wall)`);
    for (const [dtype, t] of totals.peer) {
      console.log(`             scikit-learn ${dtype} ${t.cpu.toFixed(1)} s CPU (${t.wall.toFixed(1)} s wall) -> ours / sklearn = ${(totals.ours / t.cpu).toFixed(2)}`);
    }
    peer.close();
    if (args.has('ml-kmeans')) mlKmeansPoint(data);
    if (!args.has('skip-scaling')) await scaling(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** ml-kmeans 7 (the starting point) at k = 6 with nInit restarts, for the header claim. */
function mlKmeansPoint(data: Float32Array): void {
  const rows = Array.from({ length: sweepSpec.nRows }, (_, i) => Array.from(data.subarray(i * sweepSpec.dim, (i + 1) * sweepSpec.dim)));
  const script = `
    const { kmeans } = require('ml-kmeans');
    const rows = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    const cpu0 = process.cpuUsage(); let best = Infinity;
    for (let r = 0; r < ${nInit}; r++) {
      const res = kmeans(rows, 6, { seed: r + 1, initialization: 'kmeans++' });
      let inertia = 0;
      rows.forEach((row, i) => { const c = res.centroids[res.clusters[i]]; row.forEach((v, j) => { inertia += (v - c[j]) ** 2; }); });
      best = Math.min(best, inertia);
    }
    const u = process.cpuUsage(cpu0);
    console.log(JSON.stringify({ cpu: (u.user + u.system) / 1e6, inertia: best }));`;
  const out = JSON.parse(execFileSync('node', ['-e', script], { input: JSON.stringify(rows), maxBuffer: 1 << 30, encoding: 'utf8' })) as { cpu: number; inertia: number };
  const ours = timed(() => kmeans(data, sweepSpec.nRows, sweepSpec.dim, { k: 6, nInit, seed }));
  console.log(`\nml-kmeans 7 at k = 6, ${nInit} restarts: ${out.cpu.toFixed(2)} s CPU, best inertia ${out.inertia.toFixed(0)}; ours ${ours.cpu.toFixed(2)} s CPU, inertia ${ours.value.inertia.toFixed(0)}`);
}

/** Time and peak RSS growth with N, each size in fresh processes (ours and scikit-learn). */
async function scaling(dir: string): Promise<void> {
  const k = Number(args.get('scaling-k') ?? 8);
  const restarts = Number(args.get('scaling-n-init') ?? 5);
  console.log(`\nscaling: k = ${k}, nInit = ${restarts}, dim 64, same blob recipe; CPU s (wall), peak RSS growth during the fit in MiB`);
  console.log(['N', 'ours s', 'ours MiB', 'sklearn f32 s', 'sklearn MiB', 'ratio'].join('\t'));
  for (const nRows of [10_000, 50_000, 200_000]) {
    const spec = { ...sweepSpec, nRows };
    const path = join(dir, `blobs-${nRows}.bin`);
    writeFileSync(path, gaussianBlobs(spec).data);
    const ours = JSON.parse(
      execFileSync('npx', ['tsx', '--tsconfig', 'bench/cluster/tsconfig.json', 'bench/cluster/scale-one.ts', path, String(nRows), String(k), String(restarts)], { encoding: 'utf8' }).trim().split('\n').pop() as string,
    ) as { cpu: number; wall: number; rssGrowthMiB: number };
    const peer = new SklearnPeer();
    await peer.ready;
    // A first tiny request loads the data so the second one's RSS growth is the fit alone.
    const warm = await peer.run({ path, nRows, nCols: 64, dtype: 'float32', k: 2, nInit: 1, seed: 0 });
    const reply = await peer.run({ path, nRows, nCols: 64, dtype: 'float32', k, nInit: restarts, seed });
    peer.close();
    console.log(
      [nRows, `${ours.cpu.toFixed(2)} (${ours.wall.toFixed(2)})`, ours.rssGrowthMiB.toFixed(0), `${reply.cpu.toFixed(2)} (${reply.wall.toFixed(2)})`, Math.max(0, reply.maxRssMiB - warm.maxRssMiB).toFixed(0), (ours.cpu / reply.cpu).toFixed(2)].join('\t'),
    );
  }
}

void main();
