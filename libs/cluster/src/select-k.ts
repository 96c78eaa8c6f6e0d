/** One k of a k-selection sweep (e.g. kmeans + the three scores for k = 2..15). */
export interface SweepPoint {
  k: number;
  calinskiHarabasz: number;
  silhouette: number;
  daviesBouldin: number;
  inertia: number;
}

export type SelectionCriterion = 'calinski-harabasz' | 'silhouette' | 'davies-bouldin' | 'elbow';

export interface KSelection {
  k: number;
  criterion: SelectionCriterion;
  /** One sentence a person can check against the sweep table. */
  explanation: string;
}

const scoreOf: Record<Exclude<SelectionCriterion, 'elbow'>, { field: keyof SweepPoint; better: 'higher' | 'lower'; name: string }> = {
  'calinski-harabasz': { field: 'calinskiHarabasz', better: 'higher', name: 'Calinski-Harabasz' },
  silhouette: { field: 'silhouette', better: 'higher', name: 'silhouette' },
  'davies-bouldin': { field: 'daviesBouldin', better: 'lower', name: 'Davies-Bouldin' },
};

/**
 * Picks k from a sweep with one criterion and says why:
 * - 'calinski-harabasz' and 'silhouette': the k with the highest score; 'davies-bouldin': the lowest.
 *   Ties go to the smaller k.
 * - 'elbow': the k of maximum distance below the chord joining the first and last points of the
 *   inertia curve, after scaling k and inertia to [0, 1] (the "kneedle" construction of Satopaa et
 *   al. 2011 without smoothing); needs at least 3 points.
 *
 * @throws RangeError when the sweep is empty, has duplicate or invalid k, or a non-finite value of
 *   the field the criterion reads (Infinity is allowed for scores: a perfect partition).
 */
export function selectK(sweep: SweepPoint[], criterion: SelectionCriterion): KSelection {
  if (!Array.isArray(sweep) || sweep.length === 0) throw new RangeError('sweep: expected a non-empty array of sweep points');
  const sorted = [...sweep].sort((a, b) => a.k - b.k);
  sorted.forEach((point, i) => {
    if (!Number.isInteger(point.k) || point.k < 1) throw new RangeError(`sweep: k = ${point.k} is not a positive integer`);
    if (i > 0 && (sorted[i - 1] as SweepPoint).k === point.k) throw new RangeError(`sweep: k = ${point.k} appears twice`);
  });
  if (criterion === 'elbow') return elbow(sorted);
  const spec = scoreOf[criterion];
  if (spec === undefined) throw new RangeError(`criterion: expected 'calinski-harabasz', 'silhouette', 'davies-bouldin' or 'elbow', got ${String(criterion)}`);
  for (const point of sorted) {
    const value = point[spec.field];
    if (Number.isNaN(value) || value === (spec.better === 'higher' ? -Infinity : Infinity)) {
      throw new RangeError(`sweep: ${spec.field} at k = ${point.k} is ${value}`);
    }
  }
  const ranked = [...sorted].sort((a, b) => (spec.better === 'higher' ? b[spec.field] - a[spec.field] : a[spec.field] - b[spec.field]) || a.k - b.k);
  const best = ranked[0] as SweepPoint;
  const runnerUp = ranked[1];
  const extreme = spec.better === 'higher' ? 'highest' : 'lowest';
  const comparison = runnerUp === undefined ? 'the only k in the sweep' : `next best k = ${runnerUp.k} with ${format(runnerUp[spec.field])}`;
  return {
    k: best.k,
    criterion,
    explanation: `k = ${best.k} has the ${extreme} ${spec.name} score (${format(best[spec.field])}; ${comparison}) over k = ${sorted[0]?.k}..${sorted[sorted.length - 1]?.k}.`,
  };
}

function elbow(sorted: SweepPoint[]): KSelection {
  if (sorted.length < 3) throw new RangeError(`sweep: the elbow criterion needs at least 3 values of k, got ${sorted.length}`);
  for (const point of sorted) {
    if (!Number.isFinite(point.inertia) || point.inertia < 0) throw new RangeError(`sweep: inertia at k = ${point.k} is ${point.inertia}`);
  }
  const first = sorted[0] as SweepPoint;
  const last = sorted[sorted.length - 1] as SweepPoint;
  const kSpan = last.k - first.k;
  const inertiaSpan = first.inertia - last.inertia;
  if (!(inertiaSpan > 0)) {
    throw new RangeError(`sweep: inertia does not decrease from k = ${first.k} to k = ${last.k}; no elbow can be found`);
  }
  let best = first;
  let bestDistance = -Infinity;
  for (const point of sorted) {
    const kScaled = (point.k - first.k) / kSpan;
    const inertiaScaled = (first.inertia - point.inertia) / inertiaSpan; // 0 at first, 1 at last
    const distance = inertiaScaled - kScaled; // height above the chord y = x, in scaled units
    if (distance > bestDistance) {
      bestDistance = distance;
      best = point;
    }
  }
  return {
    k: best.k,
    criterion: 'elbow',
    explanation:
      `k = ${best.k} is the elbow of the inertia curve: with k and inertia scaled to [0, 1] over k = ${first.k}..${last.k}, ` +
      `its inertia drop lies ${format(bestDistance)} above the chord from the first to the last point, the largest gap ` +
      `(inertia ${format(best.inertia)} vs ${format(first.inertia)} at k = ${first.k}).`,
  };
}

function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 1000 ? value.toFixed(1) : value.toPrecision(4);
}
