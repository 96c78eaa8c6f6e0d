/**
 * Test helpers: run the same computation on the cpu backend (the reference) and on the wasm
 * backend with our kernels, from identical seeded inputs.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/init-backend';

/** Initialises wasm (with our kernels) once; later backend switches are plain setBackend calls. */
export async function ensureWasmBackend(): Promise<void> {
  const choice = await initBackend({ prefer: 'wasm', log: () => undefined });
  if (choice.backend !== 'wasm') throw new Error(`wasm backend unavailable: ${choice.reason}`);
}

/** Deterministic values in [-1, 1) from a 32-bit LCG (no Math.random in tests either). */
export function seededValues(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

/** Runs `compute` on `backend` and returns its outputs' values. */
export async function valuesOn(backend: 'cpu' | 'wasm', compute: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const outputs = tf.tidy(compute);
  const values = await Promise.all(outputs.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose(outputs);
  return values;
}

/** Largest |a - b| relative to max(1, largest |b|). */
export function maxRelativeError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`length mismatch: ${a.length} vs ${b.length}`);
  let scale = 1;
  for (const v of b) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs((a[i] as number) - (b[i] as number)));
  return worst / scale;
}
