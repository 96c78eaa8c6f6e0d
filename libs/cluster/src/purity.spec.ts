import { confusionMatrix } from './confusion-matrix';
import { purity } from './purity';

describe('purity', () => {
  it('credits each cluster with its majority class', () => {
    // Cluster 5: classes {0,0,1} -> 2; cluster 6: {1,1,2} -> 2; cluster 7: {2} -> 1. Purity 5/7.
    expect(purity([0, 0, 1, 1, 1, 2, 2], [5, 5, 5, 6, 6, 6, 7])).toBeCloseTo(5 / 7, 14);
    expect(purity([0, 1, 2], [0, 1, 2])).toBe(1);
  });

  it('rejects mismatched lengths', () => {
    expect(() => purity([0, 1], [0])).toThrow(/lengths differ/);
  });
});

describe('confusionMatrix', () => {
  it('counts pairs with sorted raw IDs on both axes', () => {
    const result = confusionMatrix([1, 1, 0, 0, 0], [9, -2, -2, -2, 9]);
    expect(result.rowLabels).toEqual([0, 1]);
    expect(result.columnLabels).toEqual([-2, 9]);
    expect(Array.from(result.counts)).toEqual([2, 1, 1, 1]);
  });

  it('rejects empty and mismatched input', () => {
    expect(() => confusionMatrix([], [])).toThrow(/^a: expected at least one label/);
    expect(() => confusionMatrix([0], [0, 1])).toThrow(/^a and b: lengths differ/);
  });
});
