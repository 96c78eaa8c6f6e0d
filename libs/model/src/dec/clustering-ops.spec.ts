import * as tf from '@tensorflow/tfjs';
import { klDivergenceLoss, softAssignment, targetDistributionTf } from './clustering-ops';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('softAssignment', () => {
  it('matches the Student-t kernel by hand', () => {
    // |z - mu|^2 = 0 and 1 -> kernel 1 and 1/2 (alpha 1) -> q = 2/3, 1/3.
    const q = softAssignment(tf.tensor2d([[0, 0]]), tf.tensor2d([[0, 0], [1, 0]]));
    expect(Array.from(q.dataSync())).toEqual([expect.closeTo(2 / 3, 6), expect.closeTo(1 / 3, 6)]);
    // alpha 2: kernel (1 + d/2)^(-3/2): 1 and (1.5)^-1.5 = 0.5443.
    const q2 = softAssignment(tf.tensor2d([[0, 0]]), tf.tensor2d([[0, 0], [1, 0]]), 2);
    const k = 1.5 ** -1.5;
    expect(q2.dataSync()[1]).toBeCloseTo(k / (1 + k), 6);
  });

  it('gives rows summing to 1 and gradients for both arguments', () => {
    const z = tf.tensor2d([[0.1, 0.2], [1, -1], [3, 2]]);
    const mu = tf.tensor2d([[0, 0], [2, 1]]);
    const q = softAssignment(z, mu);
    expect(Array.from(tf.sum(q, 1).dataSync())).toEqual([1, 1, 1].map((v) => expect.closeTo(v, 6)));
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(softAssignment(a as tf.Tensor2D, b as tf.Tensor2D))))([z, mu]);
    expect(grads.every((g) => tf.any(tf.notEqual(g, 0)).dataSync()[0] === 1)).toBe(true);
  });
});

describe('targetDistributionTf', () => {
  it('squares, divides by cluster frequency and renormalises', () => {
    const q = [
      [0.9, 0.1],
      [0.6, 0.4],
    ];
    const f = [1.5, 0.5];
    const expected = q.map((row) => {
      const w = row.map((v, j) => (v * v) / f[j]!);
      const s = w[0]! + w[1]!;
      return w.map((v) => v / s);
    });
    const p = targetDistributionTf(tf.tensor2d(q)).arraySync();
    p.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, 6)));
  });
});

describe('klDivergenceLoss', () => {
  it('is 0 for equal distributions and matches sum p log(p/q) averaged over rows', () => {
    const p = tf.tensor2d([[0.5, 0.5], [0.9, 0.1]]);
    expect(klDivergenceLoss(p, p).dataSync()[0]).toBeCloseTo(0, 7);
    const q = tf.tensor2d([[0.25, 0.75], [0.5, 0.5]]);
    const byHand = (0.5 * Math.log(2) + 0.5 * Math.log(0.5 / 0.75) + 0.9 * Math.log(1.8) + 0.1 * Math.log(0.2)) / 2;
    expect(klDivergenceLoss(p, q).dataSync()[0]).toBeCloseTo(byHand, 6);
  });
});
