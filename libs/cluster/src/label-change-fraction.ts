/**
 * Fraction of rows whose label differs between two refreshes of the DEC target distribution: DEC
 * stops training when this falls below its tolerance (0.1% in the paper). Compares raw label values
 * (no matching of cluster IDs), which is what DEC does since its cluster IDs are stable.
 */
export function labelChangeFraction(previous: Int32Array, next: Int32Array): number {
  if (!(previous instanceof Int32Array)) throw new TypeError('previous: expected an Int32Array');
  if (!(next instanceof Int32Array)) throw new TypeError('next: expected an Int32Array');
  if (previous.length !== next.length) throw new RangeError(`previous and next: lengths differ (${previous.length} vs ${next.length})`);
  if (previous.length === 0) throw new RangeError('previous: expected at least one label, got an empty array');
  let changed = 0;
  for (let i = 0; i < previous.length; i++) if (previous[i] !== next[i]) changed++;
  return changed / previous.length;
}
