/**
 * Training throughput (samples/s) of the ClusTremor autoencoder at batch 32 on one core: ours on
 * the wasm backend (XNNPACK + our kernels) and, when it can be built here, on the native
 * 'tensorflow' backend (tfjs-node built against the tensorflow-cpu wheel by
 * tools/model-native/build-tfjs-node.sh), side by side with the same network in Keras on
 * TensorFlow CPU (bench/model/peer_train_throughput.py, one thread, in the bench's own venv).
 *
 *   npx tsx bench/model/train-throughput.bench.ts [--steps N] [--rounds N] [--profile] [--no-peer]
 *     [--only wasm,tensorflow,tensorflow-graph,peer-off,peer-auto]   (a subset of the rows)
 *   SEISDEC_BENCH_NATIVE=0 skips the native build and row.
 *
 * The 'tensorflow (graph step)' row trains the same network (the library's CLUSTREMOR_ARCHITECTURE)
 * with libs/model/src/graph: the whole step (forward, backward, Adam) as one TensorFlow graph, one
 * TF_SessionRun per batch, instead of tfjs' eager ops.
 *
 * Each of our rows runs in its own process (the backend is chosen once per process, and the
 * native one reads its thread counts from the environment at start-up).
 * --profile adds a tf.profile of one training step per backend, kernel times summed by name.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CLUSTREMOR_ARCHITECTURE } from '../../libs/model/src/architecture/architecture';
import { buildAutoencoder } from '../../libs/model/src/architecture/build-autoencoder';
import { initBackend } from '../../libs/model/src/backend';
import { GraphAutoencoderTrainer } from '../../libs/model/src/graph/graph-trainer';
import { buildClusTremorAutoencoder, INPUT_SHAPE } from './clustremor-autoencoder';

const BATCH = 32;
const WARMUP = 3;
const root = path.resolve(__dirname, '../..');
const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(name);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
/** One thread for every engine (the peer pins the same). */
const ONE_THREAD = { TF_NUM_INTRAOP_THREADS: '1', TF_NUM_INTEROP_THREADS: '1', OMP_NUM_THREADS: '1', TF_CPP_MIN_LOG_LEVEL: '2' };

interface Measurement {
  label: string;
  samplesPerS: number;
  stepMs: number;
  note: string;
  profile?: string[];
}

/** Child mode: train on the backend initBackend picks (eager, or --graph) and print one JSON line. */
async function measureOursHere(steps: number, profile: boolean): Promise<void> {
  const choice = await initBackend({ log: () => undefined });
  const batches = Array.from({ length: 4 }, (_, i) => tf.randomNormal([BATCH, ...INPUT_SHAPE], 0, 1, 'float32', 7 + i));
  if (flag('--graph')) return measureGraphHere(steps, choice.backend, choice.package, batches);
  const model = buildClusTremorAutoencoder();
  const step = async (i: number): Promise<void> => {
    const x = batches[i % batches.length] as tf.Tensor;
    await model.trainOnBatch(x, x);
  };
  for (let i = 0; i < WARMUP; i++) await step(i);
  let peakRss = process.memoryUsage().rss;
  const start = performance.now();
  for (let i = 0; i < steps; i++) {
    await step(i);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const elapsed = (performance.now() - start) / 1000;
  const result: Measurement = {
    label: `seisdec: tfjs ${tf.version.tfjs}, backend ${choice.backend} (${choice.package})`,
    samplesPerS: (steps * BATCH) / elapsed,
    stepMs: (1000 * elapsed) / steps,
    note: `peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`,
    profile: profile ? await profileStep(model, batches[0] as tf.Tensor) : undefined,
  };
  console.log(`RESULT ${JSON.stringify(result)}`);
}

/** The graph engine: same network (library build, seeded glorotUniform), Adam 1e-3, one TF_SessionRun per step. */
async function measureGraphHere(steps: number, backend: string, pkg: string, batches: tf.Tensor[]): Promise<void> {
  const model = buildAutoencoder(CLUSTREMOR_ARCHITECTURE, { seed: 1 });
  const trainer = new GraphAutoencoderTrainer(CLUSTREMOR_ARCHITECTURE, { kind: 'adam', learningRate: 1e-3 });
  trainer.loadFromModel(model.autoencoder);
  const step = (i: number): number => trainer.step(batches[i % batches.length] as tf.Tensor);
  for (let i = 0; i < WARMUP; i++) step(i);
  let peakRss = process.memoryUsage().rss;
  let loss = Number.NaN;
  const start = performance.now();
  for (let i = 0; i < steps; i++) {
    loss = step(i);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const elapsed = (performance.now() - start) / 1000;
  trainer.dispose();
  const result: Measurement = {
    label: `seisdec: tfjs ${tf.version.tfjs}, backend ${backend} (${pkg}), graph step`,
    samplesPerS: (steps * BATCH) / elapsed,
    stepMs: (1000 * elapsed) / steps,
    note: `peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB, last loss ${loss.toFixed(4)}`,
  };
  console.log(`RESULT ${JSON.stringify(result)}`);
}

async function profileStep(model: tf.LayersModel, x: tf.Tensor): Promise<string[]> {
  const info = await tf.profile(async () => {
    await model.trainOnBatch(x, x);
  });
  const perKernel = new Map<string, { ms: number; calls: number }>();
  for (const k of info.kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    const entry = perKernel.get(k.name) ?? { ms: 0, calls: 0 };
    perKernel.set(k.name, { ms: entry.ms + ms, calls: entry.calls + 1 });
  }
  const rows = [...perKernel.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((sum, [, v]) => sum + v.ms, 0);
  return [
    `kernel time of one training step (tf.profile), total ${total.toFixed(1)} ms:`,
    ...rows.slice(0, 12).map(([name, { ms, calls }]) => `  ${name.padEnd(24)} ${ms.toFixed(1).padStart(8)} ms ${String(calls).padStart(5)} calls`),
  ];
}

function measureOursInChild(steps: number, env: Record<string, string>, extraArgs: string[] = []): Measurement {
  const out = execFileSync(process.execPath, [...process.execArgv, __filename, '--child', '--steps', String(steps), ...(flag('--profile') ? ['--profile'] : []), ...extraArgs], {
    encoding: 'utf8',
    env: { ...process.env, ...ONE_THREAD, ...env },
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 1 << 24,
  });
  const line = out.split('\n').find((l) => l.startsWith('RESULT ')) ?? '';
  return JSON.parse(line.slice('RESULT '.length)) as Measurement;
}

function nativeModules(): string | undefined {
  if (process.env.SEISDEC_BENCH_NATIVE === '0') return undefined;
  try {
    return execFileSync('bash', [path.join(root, 'tools/model-native/build-tfjs-node.sh')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch (error) {
    console.log(`  (native tfjs-node build unavailable: ${String(error).split('\n')[0]})`);
    return undefined;
  }
}

function measurePeer(steps: number, jit: 'off' | 'auto'): Measurement {
  const venv = execFileSync('bash', [path.join(root, 'tools/scripts/pyenv.sh'), path.join(root, 'bench/model/requirements.txt')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const out = execFileSync(
    path.join(venv, 'bin/python'),
    [path.join(root, 'bench/model/peer_train_throughput.py'), '--steps', String(steps), '--warmup', String(WARMUP), '--batch', String(BATCH), '--jit', jit],
    { encoding: 'utf8', env: { ...process.env, ...ONE_THREAD }, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const line = out.trim().split('\n').pop() ?? '';
  const parsed = JSON.parse(line) as { peer: string; samples_per_s: number; step_ms: number; threads: { intra_op: number } };
  return { label: `peer: ${parsed.peer}`, samplesPerS: parsed.samples_per_s, stepMs: parsed.step_ms, note: `intra-op threads ${parsed.threads.intra_op}` };
}

async function main(): Promise<void> {
  const steps = option('--steps', 10);
  if (flag('--child')) return measureOursHere(steps, flag('--profile'));
  console.log(`ClusTremor autoencoder training, input ${INPUT_SHAPE.join('x')}, batch ${BATCH}, ${steps} timed steps after ${WARMUP} warm-up, 1 thread each`);
  // The machine is shared: every contender runs `rounds` times, interleaved, and keeps its best.
  const rounds = option('--rounds', 2);
  const modules = nativeModules();
  const contenders: { name: string; run: () => Measurement | undefined }[] = [
    { name: 'wasm', run: () => measureOursInChild(steps, { SEISDEC_TF_BACKEND: 'wasm' }) },
  ];
  if (modules !== undefined) {
    contenders.push({
      name: 'tensorflow',
      run: () => {
        const native = measureOursInChild(steps, { SEISDEC_TF_BACKEND: 'tensorflow', SEISDEC_TFJS_NODE_MODULES: modules });
        return native.label.includes('backend tensorflow') ? native : undefined;
      },
    });
    contenders.push({
      name: 'tensorflow-graph',
      run: () => {
        try {
          return measureOursInChild(steps, { SEISDEC_TF_BACKEND: 'tensorflow', SEISDEC_TFJS_NODE_MODULES: modules }, ['--graph']);
        } catch (error) {
          console.log(`  (graph step failed: ${String(error).split('\n')[0]})`);
          return undefined;
        }
      },
    });
  }
  if (!flag('--no-peer')) {
    contenders.push({ name: 'peer-off', run: () => measurePeer(steps, 'off') }, { name: 'peer-auto', run: () => measurePeer(steps, 'auto') });
  }
  const only = args.includes('--only') ? (args[args.indexOf('--only') + 1] ?? '').split(',') : undefined;
  const bestOf = new Map<string, Measurement>();
  for (let round = 0; round < rounds; round++) {
    for (const { name, run } of contenders.filter((c) => only === undefined || only.includes(c.name))) {
      const m = run();
      const previous = bestOf.get(name);
      if (m !== undefined && (previous === undefined || m.samplesPerS > previous.samplesPerS)) bestOf.set(name, m);
    }
  }
  const ours = [bestOf.get('wasm'), bestOf.get('tensorflow'), bestOf.get('tensorflow-graph')].filter((m): m is Measurement => m !== undefined);
  const peers = [bestOf.get('peer-off'), bestOf.get('peer-auto')].filter((m): m is Measurement => m !== undefined);
  console.log(`  (best of ${rounds} interleaved rounds per row)`);
  for (const r of [...ours, ...peers]) {
    console.log(`  ${r.label.padEnd(72)} ${r.samplesPerS.toFixed(1).padStart(7)} samples/s ${r.stepMs.toFixed(1).padStart(7)} ms/step  ${r.note}`);
  }
  const best = (rows: Measurement[]): Measurement => rows.reduce((a, b) => (b.samplesPerS > a.samplesPerS ? b : a));
  if (peers.length > 0) {
    const ratio = best(ours).samplesPerS / best(peers).samplesPerS;
    console.log(`  best ours / best peer: ${ratio.toFixed(2)}x (target >= 1.0x)`);
  }
  for (const r of ours) if (r.profile) console.log(`\n${r.label}\n${r.profile.join('\n')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
