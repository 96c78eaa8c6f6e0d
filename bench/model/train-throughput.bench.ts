/**
 * Training throughput (samples/s) of the ClusTremor autoencoder at batch 32 on one core: ours on
 * the backend initBackend picks, side by side with the same network in Keras on TensorFlow CPU
 * (bench/model/peer_train_throughput.py, pinned to one thread, in the bench's own venv).
 *
 *   npx tsx bench/model/train-throughput.bench.ts [--steps N] [--profile] [--no-peer]
 *
 * --profile adds a tf.profile of one training step, kernel times summed per kernel name.
 * Set SEISDEC_TF_BACKEND to compare backends (wasm, cpu; tensorflow when a native build exists).
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../libs/model/src/backend';
import { buildClusTremorAutoencoder, INPUT_SHAPE } from './clustremor-autoencoder';

const BATCH = 32;
const root = path.resolve(__dirname, '../..');
const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(name);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};

interface Measurement {
  label: string;
  samplesPerS: number;
  stepMs: number;
  note: string;
}

async function measureOurs(steps: number, warmup: number): Promise<{ result: Measurement; model: tf.LayersModel; batch: tf.Tensor }> {
  const choice = await initBackend({ log: () => undefined });
  const model = buildClusTremorAutoencoder();
  const batches = Array.from({ length: 4 }, (_, i) => tf.randomNormal([BATCH, ...INPUT_SHAPE], 0, 1, 'float32', 7 + i));
  const step = async (i: number): Promise<void> => {
    const x = batches[i % batches.length] as tf.Tensor;
    await model.trainOnBatch(x, x);
  };
  for (let i = 0; i < warmup; i++) await step(i);
  let peakRss = process.memoryUsage().rss;
  const start = performance.now();
  for (let i = 0; i < steps; i++) {
    await step(i);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const elapsed = (performance.now() - start) / 1000;
  return {
    result: {
      label: `seisdec (tfjs ${tf.version.tfjs}, backend ${choice.backend})`,
      samplesPerS: (steps * BATCH) / elapsed,
      stepMs: (1000 * elapsed) / steps,
      note: `peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB, ${tf.memory().numTensors} live tensors`,
    },
    model,
    batch: batches[0] as tf.Tensor,
  };
}

async function profileStep(model: tf.LayersModel, x: tf.Tensor): Promise<void> {
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
  console.log(`\nper-kernel time of one training step (tf.profile, batch ${BATCH}), total ${total.toFixed(1)} ms:`);
  for (const [name, { ms, calls }] of rows.slice(0, 15)) {
    console.log(`  ${name.padEnd(24)} ${ms.toFixed(1).padStart(8)} ms  ${String(calls).padStart(4)} calls`);
  }
}

function measurePeer(steps: number, warmup: number, jit: 'off' | 'auto'): Measurement {
  const venv = execFileSync('bash', [path.join(root, 'tools/scripts/pyenv.sh'), path.join(root, 'bench/model/requirements.txt')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const out = execFileSync(
    path.join(venv, 'bin/python'),
    [path.join(root, 'bench/model/peer_train_throughput.py'), '--steps', String(steps), '--warmup', String(warmup), '--batch', String(BATCH), '--jit', jit],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const line = out.trim().split('\n').pop() ?? '';
  const parsed = JSON.parse(line) as { peer: string; samples_per_s: number; step_ms: number; threads: { intra_op: number } };
  return { label: parsed.peer, samplesPerS: parsed.samples_per_s, stepMs: parsed.step_ms, note: `intra-op threads ${parsed.threads.intra_op}` };
}

async function main(): Promise<void> {
  const steps = option('--steps', 10);
  const warmup = 3;
  const { result: ours, model, batch } = await measureOurs(steps, warmup);
  const rows: Measurement[] = [ours];
  if (!flag('--no-peer')) rows.push(measurePeer(steps, warmup, 'off'), measurePeer(steps, warmup, 'auto'));
  const best = rows.slice(1).reduce((a, b) => (b.samplesPerS > a.samplesPerS ? b : a), rows[0] as Measurement);
  console.log(`ClusTremor autoencoder training, input ${INPUT_SHAPE.join('x')}, batch ${BATCH}, ${steps} timed steps after ${warmup} warm-up, 1 thread`);
  for (const r of rows) {
    console.log(`  ${r.label.padEnd(58)} ${r.samplesPerS.toFixed(1).padStart(8)} samples/s  ${r.stepMs.toFixed(1).padStart(8)} ms/step  ${r.note}`);
  }
  if (rows.length > 1) console.log(`  ours / best peer: ${(ours.samplesPerS / best.samplesPerS).toFixed(2)}x (target >= 1.0x)`);
  if (flag('--profile')) await profileStep(model, batch);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
