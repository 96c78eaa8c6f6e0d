import * as tf from '@tensorflow/tfjs';
import { ensureWasmBackend, maxRelativeError, seededValues, valuesOn } from './testing';

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function product(aShape: number[], bShape: number[], transposeA: boolean, transposeB: boolean): () => tf.Tensor[] {
  return () => {
    const a = tf.tensor(seededValues(size(aShape), 3), aShape);
    const b = tf.tensor(seededValues(size(bShape), 4), bShape);
    return [tf.matMul(a, b, transposeA, transposeB)];
  };
}

describe('wasm BatchMatMul (transposed products on XNNPACK)', () => {
  beforeAll(ensureWasmBackend);

  it('computes a transposed product by hand: [[1, 2], [3, 4]]^T . [[1], [1]] = [[4], [6]]', async () => {
    const [out] = await valuesOn('wasm', () => [tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[1], [1]]), true, false)]);
    expect(Array.from(out as Float32Array)).toEqual([4, 6]);
  });

  it.each<[string, number[], number[], boolean, boolean]>([
    ['A^T B (dense weight gradient)', [7, 5], [7, 3], true, false],
    ['A B^T (dense input gradient)', [4, 6], [5, 6], false, true],
    ['A^T B^T', [6, 4], [5, 6], true, true],
    ['A B, rank 3 with batch 1', [1, 4, 6], [1, 6, 5], false, false],
    ['A^T B, rank 3 with batch 1', [1, 6, 4], [1, 6, 5], true, false],
    ['batched A B^T (delegated unchanged)', [3, 4, 6], [3, 5, 6], false, true],
  ])('matches the cpu backend: %s', async (_name, aShape, bShape, tA, tB) => {
    const [reference] = await valuesOn('cpu', product(aShape, bShape, tA, tB));
    const [ours] = await valuesOn('wasm', product(aShape, bShape, tA, tB));
    expect(maxRelativeError(ours as Float32Array, reference as Float32Array)).toBeLessThan(1e-6);
  });

  it('trains a dense layer to the same weights as the cpu backend', async () => {
    const fit = (): tf.Tensor[] => {
      const w = tf.variable(tf.tensor2d(seededValues(12, 9), [4, 3]));
      const x = tf.tensor2d(seededValues(20, 10), [5, 4]);
      const y = tf.tensor2d(seededValues(15, 11), [5, 3]);
      const optimizer = tf.train.sgd(0.1);
      for (let i = 0; i < 5; i++) optimizer.minimize(() => tf.losses.meanSquaredError(y, x.matMul(w)));
      const out = w.clone();
      w.dispose();
      optimizer.dispose();
      return [out];
    };
    const [reference] = await valuesOn('cpu', fit);
    const [ours] = await valuesOn('wasm', fit);
    expect(maxRelativeError(ours as Float32Array, reference as Float32Array)).toBeLessThan(1e-5);
  });
});
