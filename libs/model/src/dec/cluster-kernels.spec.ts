import * as tf from '@tensorflow/tfjs';
import { klDivergence } from '@seisdec/cluster';
import { SeededRng } from '../training/rng';
import { klDivergenceLoss, softAssignment, targetDistributionTf } from './clustering-ops';
import { argmaxRows, DEFAULT_CLUSTER_KERNELS } from './cluster-kernels';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The host kernels (P refresh, checks) and the in-graph ops (training) must be the same math. */
describe('host kernels vs in-graph ops', () => {
  it('agree on q, p and KL for random data', () => {
    const rng = SeededRng.fromSeed(3);
    const [n, d, k] = [20, 3, 4];
    const z = Float32Array.from({ length: n * d }, () => rng.nextFloat() * 4 - 2);
    const mu = Float64Array.from({ length: k * d }, () => rng.nextFloat() * 4 - 2);
    for (const alpha of [1, 2.5]) {
      const hostQ = DEFAULT_CLUSTER_KERNELS.studentTAssignment(z, n, d, mu, k, { alpha });
      const graphQ = softAssignment(tf.tensor2d(z, [n, d]), tf.tensor2d(Float32Array.from(mu), [k, d]), alpha);
      Array.from(graphQ.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(hostQ[i]!, 5));
      const hostP = DEFAULT_CLUSTER_KERNELS.targetDistribution(hostQ, n, k);
      const graphP = targetDistributionTf(graphQ);
      Array.from(graphP.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(hostP[i]!, 5));
      // klDivergence sums over all rows; the training loss averages over rows.
      expect(klDivergenceLoss(graphP, graphQ).dataSync()[0]).toBeCloseTo(klDivergence(hostP, hostQ) / n, 4);
    }
  });

  it('argmaxRows takes the first maximum', () => {
    expect(Array.from(argmaxRows(Float64Array.of(0.2, 0.5, 0.3, 0.4, 0.4, 0.2), 2, 3))).toEqual([1, 0]);
  });
});
