/** Relabels a labeling through a permutation of its distinct values (test-only helper). */
export function permuteLabels(labels: ArrayLike<number>, shuffledIds: number[]): number[] {
  const distinct = [...new Set(Array.from(labels))].sort((a, b) => a - b);
  const map = new Map(distinct.map((v, i) => [v, shuffledIds[i % shuffledIds.length]! + 1000 * Math.floor(i / shuffledIds.length)]));
  return Array.from(labels, (v) => map.get(v)!);
}
