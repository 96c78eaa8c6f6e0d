import fc from 'fast-check';
import { clusteringAccuracy } from './clustering-accuracy';
import { hungarianAssignment } from './hungarian';
import { permuteLabels } from './testing/permute';

describe('clusteringAccuracy', () => {
  it('is 1 for a relabelled perfect clustering', () => {
    expect(clusteringAccuracy([0, 0, 1, 1, 2, 2], [7, 7, 3, 3, 5, 5])).toBe(1);
  });

  it('hand-checkable: one misplaced item out of six', () => {
    // Best map 2->0, 0->1, 1->2 gets 5 of 6 right.
    expect(clusteringAccuracy([0, 0, 1, 1, 2, 2], [2, 2, 0, 0, 1, 0])).toBeCloseTo(5 / 6, 14);
  });

  it('hand-checkable: more clusters than classes leaves the extra cluster unmatched', () => {
    // Classes {0: 4 items, 1: 4 items}; cluster 9 holds 2 items of class 0 and cannot be matched.
    expect(clusteringAccuracy([0, 0, 0, 0, 1, 1, 1, 1], [5, 5, 9, 9, 6, 6, 6, 6])).toBeCloseTo(6 / 8, 14);
  });

  it('hand-checkable: greedy matching would be wrong', () => {
    // Greedy takes (class 0, cluster A) = 3 first, then class 1 gets cluster B = 0 -> 3/8.
    // Optimal: class 0 -> B (2), class 1 -> A (3) = 5/8.
    const truth = [0, 0, 0, 0, 0, 1, 1, 1];
    const clusters = [1, 1, 1, 2, 2, 1, 1, 1];
    expect(clusteringAccuracy(truth, clusters)).toBeCloseTo(5 / 8, 14);
  });

  it('agrees with brute force over all matchings and is invariant to relabelling', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 40 }),
        fc.shuffledSubarray([10, 20, 30, 40], { minLength: 4, maxLength: 4 }),
        (rows, ids) => {
          const truth = rows.map((r) => r[0]);
          const predicted = rows.map((r) => r[1]);
          const accuracy = clusteringAccuracy(truth, predicted);
          expect(accuracy).toBeCloseTo(bruteForceAccuracy(truth, predicted), 12);
          expect(clusteringAccuracy(truth, permuteLabels(predicted, ids))).toBeCloseTo(accuracy, 12);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects mismatched lengths naming the parameters', () => {
    expect(() => clusteringAccuracy([0, 1, 1], [0, 1])).toThrow(/^trueLabels and predicted: lengths differ/);
  });
});

describe('hungarianAssignment', () => {
  it('solves a classic 3 x 3 example', () => {
    // Optimal: row 0 -> 1, row 1 -> 0, row 2 -> 2, cost 1 + 2 + 2 = 5.
    const cost = Float64Array.from([4, 1, 3, 2, 0, 5, 3, 2, 2]);
    expect(Array.from(hungarianAssignment(cost, 3))).toEqual([1, 0, 2]);
  });
});

/** Max over all injective maps from clusters to classes (labels 0..3), by recursion. */
function bruteForceAccuracy(truth: number[], predicted: number[]): number {
  const classes = [0, 1, 2, 3];
  let best = 0;
  const assign = (cluster: number, used: Set<number>, mapping: Map<number, number>): void => {
    if (cluster === 4) {
      const hits = truth.filter((t, i) => mapping.get(predicted[i]!) === t).length;
      best = Math.max(best, hits);
      return;
    }
    assign(cluster + 1, used, mapping);
    for (const c of classes) {
      if (used.has(c)) continue;
      used.add(c);
      mapping.set(cluster, c);
      assign(cluster + 1, used, mapping);
      mapping.delete(cluster);
      used.delete(c);
    }
  };
  assign(0, new Set(), new Map());
  return best / truth.length;
}
