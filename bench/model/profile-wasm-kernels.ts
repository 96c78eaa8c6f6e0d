/**
 * Per-kernel profile (tf.profile) of one ClusTremor training step on wasm, batch 32, with the wasm
 * backend's own Conv2DBackpropInput ("before") and with ours ("after"); Conv2DBackpropFilter is
 * ours in both (wasm has none). Also times 5 steps of each. Not part of run-all.sh (no peer).
 *
 *   SEISDEC_TF_BACKEND=wasm npx tsx bench/model/profile-wasm-kernels.ts
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { initBackend } from '../../libs/model/src/backend';
import { buildClusTremorAutoencoder, INPUT_SHAPE } from './clustremor-autoencoder';

const original = tf.getKernel('Conv2DBackpropInput', 'wasm'); // captured before ours replaces it
const BATCH = 32;

function useKernel(config: tf.KernelConfig): void {
  tf.unregisterKernel(config.kernelName, config.backendName);
  tf.registerKernel(config);
}

async function profileOne(model: tf.LayersModel, x: tf.Tensor, label: string): Promise<void> {
  for (let i = 0; i < 2; i++) await model.trainOnBatch(x, x);
  const start = performance.now();
  for (let i = 0; i < 5; i++) await model.trainOnBatch(x, x);
  const stepMs = (performance.now() - start) / 5;
  const info = await tf.profile(async () => {
    await model.trainOnBatch(x, x);
  });
  const perKernel = new Map<string, number>();
  for (const k of info.kernels) perKernel.set(k.name, (perKernel.get(k.name) ?? 0) + (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0));
  const rows = [...perKernel.entries()].sort((a, b) => b[1] - a[1]);
  console.log(`${label}: ${stepMs.toFixed(0)} ms/step (${((1000 * BATCH) / stepMs).toFixed(1)} samples/s); profiled kernel total ${rows.reduce((s, [, v]) => s + v, 0).toFixed(0)} ms`);
  for (const [name, ms] of rows.slice(0, 6)) console.log(`  ${name.padEnd(22)} ${ms.toFixed(1).padStart(7)} ms`);
}

async function main(): Promise<void> {
  if (original === undefined) throw new Error('the wasm backend has no Conv2DBackpropInput of its own');
  await initBackend({ prefer: 'wasm', log: () => undefined });
  const ours = tf.getKernel('Conv2DBackpropInput', 'wasm') as tf.KernelConfig;
  const model = buildClusTremorAutoencoder();
  const x = tf.randomNormal([BATCH, ...INPUT_SHAPE], 0, 1, 'float32', 3);
  useKernel(original);
  original.setupFunc?.(tf.backend()); // its setup never ran: ours was registered before wasm started
  await profileOne(model, x, 'before (wasm Conv2DBackpropInput)');
  useKernel(ours);
  await profileOne(model, x, 'after (phase-decomposed Conv2DBackpropInput)');
}

void main();
