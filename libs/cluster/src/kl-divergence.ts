/**
 * DEC clustering loss KL(P || Q) = sum_i sum_j p_ij log(p_ij / q_ij), summed over ALL entries (the
 * paper's eq. 2), not averaged over rows: divide by nRows to compare with Keras' `kld` loss, which
 * averages over the batch. Terms with p_ij = 0 contribute 0; p_ij > 0 with q_ij = 0 gives Infinity.
 * Natural logarithm (nats).
 *
 * @param p target distribution, any shape, same length as q.
 * @param q soft assignments.
 */
export function klDivergence(p: Float64Array, q: Float64Array): number {
  if (!(p instanceof Float64Array)) throw new TypeError('p: expected a Float64Array');
  if (!(q instanceof Float64Array)) throw new TypeError('q: expected a Float64Array');
  if (p.length !== q.length) throw new RangeError(`p and q: lengths differ (${p.length} vs ${q.length})`);
  let total = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] as number;
    const qi = q[i] as number;
    if (!(pi >= 0) || pi === Infinity) throw new RangeError(`p: entry ${i} is ${pi}; expected a finite probability >= 0`);
    if (!(qi >= 0) || qi === Infinity) throw new RangeError(`q: entry ${i} is ${qi}; expected a finite probability >= 0`);
    if (pi === 0) continue;
    total += qi === 0 ? Infinity : pi * Math.log(pi / qi);
  }
  return total;
}
