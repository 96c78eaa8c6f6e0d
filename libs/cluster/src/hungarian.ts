/**
 * Minimum-cost perfect assignment on an n x n cost matrix (row-major) by the Hungarian method with
 * potentials (Kuhn-Munkres, O(n^3); the shortest-augmenting-path form of Jonker-Volgenant's
 * presentation). Returns assignment[row] = column.
 */
export function hungarianAssignment(cost: Float64Array, n: number): Int32Array {
  // 1-based arrays with a virtual column 0, as in the classic e-maxx formulation.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const rowOfColumn = new Int32Array(n + 1);
  const way = new Int32Array(n + 1);
  const minSlack = new Float64Array(n + 1);
  const used = new Uint8Array(n + 1);
  for (let row = 1; row <= n; row++) {
    rowOfColumn[0] = row;
    let column0 = 0;
    minSlack.fill(Infinity);
    used.fill(0);
    do {
      used[column0] = 1;
      const row0 = rowOfColumn[column0] as number;
      let delta = Infinity;
      let column1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const slack = (cost[(row0 - 1) * n + (j - 1)] as number) - (u[row0] as number) - (v[j] as number);
        if (slack < (minSlack[j] as number)) {
          minSlack[j] = slack;
          way[j] = column0;
        }
        if ((minSlack[j] as number) < delta) {
          delta = minSlack[j] as number;
          column1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[rowOfColumn[j] as number] = (u[rowOfColumn[j] as number] as number) + delta;
          v[j] = (v[j] as number) - delta;
        } else {
          minSlack[j] = (minSlack[j] as number) - delta;
        }
      }
      column0 = column1;
    } while (rowOfColumn[column0] !== 0);
    do {
      const column1 = way[column0] as number;
      rowOfColumn[column0] = rowOfColumn[column1] as number;
      column0 = column1;
    } while (column0 !== 0);
  }
  const assignment = new Int32Array(n);
  for (let j = 1; j <= n; j++) assignment[(rowOfColumn[j] as number) - 1] = j - 1;
  return assignment;
}
