import * as tf from '@tensorflow/tfjs';
import * as fc from 'fast-check';
import { ensureWasmBackend, maxRelativeError, seededValues, valuesOn } from './testing';

type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];
interface Case {
  x: [number, number, number, number];
  k: [number, number];
  outC: number;
  strides: [number, number];
  pad: Pad;
}

/** dW of sum(conv2d(x, w) * r) for a fixed random r: exactly Conv2DBackpropFilter(x, dy = r). */
function filterGradient(c: Case, seed: number): () => tf.Tensor[] {
  return () => {
    const [, , , inC] = c.x;
    const x = tf.tensor4d(seededValues(c.x.reduce((a, b) => a * b, 1), seed), c.x);
    const wShape: [number, number, number, number] = [c.k[0], c.k[1], inC, c.outC];
    const w = tf.tensor4d(seededValues(wShape.reduce((a, b) => a * b, 1), seed + 1), wShape);
    const yShape = tf.conv2d(x, w, c.strides, c.pad).shape;
    const r = tf.tensor(seededValues(yShape.reduce((a, b) => a * b, 1), seed + 2), yShape);
    const dW = tf.grad((filter: tf.Tensor) => tf.conv2d(x, filter as tf.Tensor4D, c.strides, c.pad).mul(r).sum())(w);
    return [dW];
  };
}

async function wasmVsCpu(c: Case, seed = 11): Promise<number> {
  const [reference] = await valuesOn('cpu', filterGradient(c, seed));
  const [ours] = await valuesOn('wasm', filterGradient(c, seed));
  return maxRelativeError(ours as Float32Array, reference as Float32Array);
}

describe('wasm Conv2DBackpropFilter', () => {
  beforeAll(ensureWasmBackend);

  it('is the sum of x over each tap for a 1x1 conv with dy = 1 (hand-checked)', async () => {
    // x = [1, 2; 3, 4] (one channel), 2x2 kernel 'valid' on 3x3 ones shifted: dW[ky,kx] = sum of windows.
    const values = await valuesOn('wasm', () => {
      const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
      const dy = tf.ones([1, 2, 2, 1]);
      return [tf.grad((w: tf.Tensor) => tf.conv2d(x, w as tf.Tensor4D, 1, 'valid').mul(dy).sum())(tf.zeros([2, 2, 1, 1]))];
    });
    // Windows at (0,0): 1+2+4+5=12; (0,1): 2+3+5+6=16; (1,0): 4+5+7+8=24; (1,1): 5+6+8+9=28.
    expect(Array.from(values[0] as Float32Array)).toEqual([12, 16, 24, 28]);
  });

  it.each<[string, Case]>([
    ['7x5 stride 2 same (ClusTremor first layer)', { x: [2, 12, 10, 1], k: [7, 5], outC: 4, strides: [2, 2], pad: 'same' }],
    ['5x3 stride 2 same, several channels', { x: [2, 9, 7, 3], k: [5, 3], outC: 5, strides: [2, 2], pad: 'same' }],
    ['3x3 stride 1 same', { x: [1, 6, 5, 2], k: [3, 3], outC: 3, strides: [1, 1], pad: 'same' }],
    ['3x3 stride 1 valid', { x: [2, 6, 5, 2], k: [3, 3], outC: 2, strides: [1, 1], pad: 'valid' }],
    ['4x2 stride (3, 2) valid', { x: [1, 11, 8, 2], k: [4, 2], outC: 3, strides: [3, 2], pad: 'valid' }],
    ['1x1 stride 3 valid (kernel smaller than stride)', { x: [2, 7, 7, 2], k: [1, 1], outC: 2, strides: [3, 3], pad: 'valid' }],
    ['explicit padding', { x: [1, 5, 6, 2], k: [3, 2], outC: 2, strides: [2, 1], pad: [[0, 0], [2, 0], [1, 1], [0, 0]] }],
  ])('matches the cpu backend: %s', async (_name, c) => {
    expect(await wasmVsCpu(c)).toBeLessThan(1e-5);
  });

  it('matches the cpu backend on random geometries', async () => {
    const geometry = fc.record({
      batch: fc.integer({ min: 1, max: 2 }),
      h: fc.integer({ min: 1, max: 9 }),
      w: fc.integer({ min: 1, max: 9 }),
      inC: fc.integer({ min: 1, max: 3 }),
      outC: fc.integer({ min: 1, max: 3 }),
      kH: fc.integer({ min: 1, max: 5 }),
      kW: fc.integer({ min: 1, max: 5 }),
      sH: fc.integer({ min: 1, max: 3 }),
      sW: fc.integer({ min: 1, max: 3 }),
      same: fc.boolean(),
      seed: fc.integer({ min: 1, max: 1000 }),
    });
    await fc.assert(
      fc.asyncProperty(geometry, async (g) => {
        fc.pre(g.same || (g.kH <= g.h && g.kW <= g.w));
        const c: Case = { x: [g.batch, g.h, g.w, g.inC], k: [g.kH, g.kW], outC: g.outC, strides: [g.sH, g.sW], pad: g.same ? 'same' : 'valid' };
        expect(await wasmVsCpu(c, g.seed)).toBeLessThan(1e-5);
      }),
      { numRuns: 25, seed: 42 },
    );
  });

  it('releases its intermediates', async () => {
    await tf.setBackend('wasm');
    const c: Case = { x: [1, 8, 8, 2], k: [3, 3], outC: 2, strides: [2, 2], pad: 'same' };
    tf.dispose(tf.tidy(filterGradient(c, 3)));
    const before = tf.engine().backend.numDataIds();
    tf.dispose(tf.tidy(filterGradient(c, 3)));
    expect(tf.engine().backend.numDataIds()).toBe(before);
  });
});
