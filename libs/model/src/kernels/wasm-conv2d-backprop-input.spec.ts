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

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** dx of sum(conv2d(x, w) * r): exactly Conv2DBackpropInput(dy = r, w). */
function inputGradient(c: Case, seed: number): () => tf.Tensor[] {
  return () => {
    const x = tf.tensor4d(seededValues(size(c.x), seed), c.x);
    const wShape: [number, number, number, number] = [c.k[0], c.k[1], c.x[3], c.outC];
    const w = tf.tensor4d(seededValues(size(wShape), seed + 1), wShape);
    const yShape = tf.conv2d(x, w, c.strides, c.pad).shape;
    const r = tf.tensor(seededValues(size(yShape), seed + 2), yShape);
    return [tf.grad((input: tf.Tensor) => tf.conv2d(input as tf.Tensor4D, w, c.strides, c.pad).mul(r).sum())(x)];
  };
}

/** The Conv2DTranspose forward pass (the other user of this kernel). */
function transposedConv(c: Case, seed: number): () => tf.Tensor[] {
  return () => {
    const wShape: [number, number, number, number] = [c.k[0], c.k[1], c.x[3], c.outC];
    const yShape = tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros(wShape) as tf.Tensor4D, c.strides, c.pad).shape;
    const dy = tf.tensor4d(seededValues(size(yShape), seed), yShape as [number, number, number, number]);
    const w = tf.tensor4d(seededValues(size(wShape), seed + 1), wShape);
    return [tf.conv2dTranspose(dy, w, c.x, c.strides, c.pad as 'same' | 'valid')];
  };
}

async function wasmVsCpu(make: (c: Case, seed: number) => () => tf.Tensor[], c: Case, seed = 5): Promise<number> {
  const [reference] = await valuesOn('cpu', make(c, seed));
  const [ours] = await valuesOn('wasm', make(c, seed));
  return maxRelativeError(ours as Float32Array, reference as Float32Array);
}

describe('wasm Conv2DBackpropInput (phase decomposition)', () => {
  beforeAll(ensureWasmBackend);

  it('scatters each dy value into a stride-2 output with a 1x1 kernel (hand-checked)', async () => {
    // 1x1 kernel of weight 2, stride 2, 'valid': dx[2i, 2j] = 2*dy[i, j], every other entry 0.
    const [dx] = await valuesOn('wasm', () => [
      tf.conv2dTranspose(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]), tf.fill([1, 1, 1, 1], 2) as tf.Tensor4D, [1, 4, 4, 1], 2, 'valid'),
    ]);
    expect(Array.from(dx as Float32Array)).toEqual([2, 0, 4, 0, 0, 0, 0, 0, 6, 0, 8, 0, 0, 0, 0, 0]);
  });

  it.each<[string, Case]>([
    ['7x5 stride 2 same (ClusTremor first/last layer)', { x: [2, 12, 10, 1], k: [7, 5], outC: 4, strides: [2, 2], pad: 'same' }],
    ['5x3 stride 2 same, several channels', { x: [2, 10, 8, 3], k: [5, 3], outC: 5, strides: [2, 2], pad: 'same' }],
    ['5x3 stride 2 same, odd sizes', { x: [1, 9, 7, 2], k: [5, 3], outC: 3, strides: [2, 2], pad: 'same' }],
    ['3x3 stride 1 same', { x: [1, 6, 5, 2], k: [3, 3], outC: 3, strides: [1, 1], pad: 'same' }],
    ['3x3 stride 1 valid', { x: [2, 6, 5, 2], k: [3, 3], outC: 2, strides: [1, 1], pad: 'valid' }],
    ['4x2 stride (3, 2) valid', { x: [1, 11, 8, 2], k: [4, 2], outC: 3, strides: [3, 2], pad: 'valid' }],
    ['1x1 stride 3 valid (kernel smaller than stride, trailing rows unread)', { x: [2, 8, 7, 2], k: [1, 1], outC: 2, strides: [3, 3], pad: 'valid' }],
    ['explicit padding', { x: [1, 5, 6, 2], k: [3, 2], outC: 2, strides: [2, 1], pad: [[0, 0], [2, 0], [1, 1], [0, 0]] }],
  ])('input gradient matches the cpu backend: %s', async (_name, c) => {
    expect(await wasmVsCpu(inputGradient, c)).toBeLessThan(1e-5);
  });

  it.each<[string, Case]>([
    ['7x5 stride 2 same to one channel', { x: [2, 12, 16, 1], k: [7, 5], outC: 8, strides: [2, 2], pad: 'same' }],
    ['5x3 stride 2 same', { x: [1, 8, 6, 4], k: [5, 3], outC: 6, strides: [2, 2], pad: 'same' }],
  ])('conv2dTranspose forward matches the cpu backend: %s', async (_name, c) => {
    expect(await wasmVsCpu(transposedConv, c)).toBeLessThan(1e-5);
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
        expect(await wasmVsCpu(inputGradient, c, g.seed)).toBeLessThan(1e-5);
      }),
      { numRuns: 25, seed: 7 },
    );
  });

  it('releases its intermediates', async () => {
    await tf.setBackend('wasm');
    const c: Case = { x: [1, 8, 8, 2], k: [3, 3], outC: 2, strides: [2, 2], pad: 'same' };
    tf.dispose(tf.tidy(inputGradient(c, 3)));
    const before = tf.engine().backend.numDataIds();
    tf.dispose(tf.tidy(inputGradient(c, 3)));
    expect(tf.engine().backend.numDataIds()).toBe(before);
  });
});
