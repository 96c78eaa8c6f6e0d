import * as tf from '@tensorflow/tfjs';
import { Optimizer } from './optimizer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Minimises sum((w - target)^2) for `steps` steps and returns w. */
function run(optimizer: Optimizer, steps: number, w = tf.variable(tf.tensor1d([1, -2, 0.5]))): Float32Array {
  const target = tf.tensor1d([0.3, 0.1, -0.2]);
  for (let i = 0; i < steps; i++) optimizer.step(() => tf.sum(tf.square(tf.sub(w, target))) as tf.Scalar, [w]);
  return w.dataSync() as Float32Array;
}

describe('Optimizer', () => {
  it('Adam matches tf.train.adam (no decay)', () => {
    const ours = run(new Optimizer({ kind: 'adam', learningRate: 0.05, epsilon: 1e-7 }), 5);
    const w = tf.variable(tf.tensor1d([1, -2, 0.5]));
    const target = tf.tensor1d([0.3, 0.1, -0.2]);
    const reference = tf.train.adam(0.05, 0.9, 0.999, 1e-7);
    for (let i = 0; i < 5; i++) reference.minimize(() => tf.sum(tf.square(tf.sub(w, target))) as tf.Scalar, false, [w]);
    Array.from(ours).forEach((v, i) => expect(v).toBeCloseTo(w.dataSync()[i]!, 5));
  });

  it('SGD with momentum follows v <- m v - lr g; w <- w + v (by hand)', () => {
    // f = (w - 0)^2, g = 2w. w0 = 1, lr 0.1, m 0.5: v1 = -0.2, w1 = 0.8; g = 1.6, v2 = -0.1 - 0.16 = -0.26, w2 = 0.54.
    const w = tf.variable(tf.tensor1d([1]));
    const opt = new Optimizer({ kind: 'sgd', learningRate: 0.1, momentum: 0.5 });
    opt.step(() => tf.sum(tf.square(w)) as tf.Scalar, [w]);
    expect(w.dataSync()[0]).toBeCloseTo(0.8, 6);
    opt.step(() => tf.sum(tf.square(w)) as tf.Scalar, [w]);
    expect(w.dataSync()[0]).toBeCloseTo(0.54, 6);
  });

  it('decays the learning rate exponentially', () => {
    const opt = new Optimizer({ kind: 'adam', learningRate: 0.1, decayRate: 0.5, decaySteps: 2 });
    expect(opt.currentLearningRate()).toBe(0.1);
    run(opt, 4);
    expect(opt.iterations).toBe(4);
    expect(opt.currentLearningRate()).toBeCloseTo(0.025, 12);
  });

  it('continues identically after exportState / importState', () => {
    const straight = run(new Optimizer({ kind: 'adam', learningRate: 0.05 }), 6);
    const first = new Optimizer({ kind: 'adam', learningRate: 0.05 });
    const w = tf.variable(tf.tensor1d([1, -2, 0.5]));
    run(first, 3, w);
    const state = first.exportState();
    const second = new Optimizer({ kind: 'adam', learningRate: 0.05 });
    second.importState(state, [w]);
    expect(Array.from(run(second, 3, w))).toEqual(Array.from(straight));
  });

  it('rejects invalid configurations by field', () => {
    expect(() => new Optimizer({ kind: 'sgd', learningRate: -1 })).toThrow(/learningRate/);
    expect(() => new Optimizer({ kind: 'adam', decayRate: 2 })).toThrow(/decayRate/);
  });
});
