import { selectK as selectKFromSweep } from '@seisdec/cluster';
import type { ClusterSettings, SweepPointResult } from '@seisdec/contracts';
import { invalidInput, numericStep } from './failures';

const criteria: ReadonlyArray<ClusterSettings['criterion']> = ['calinski-harabasz', 'silhouette', 'davies-bouldin', 'elbow'];

/** Chooses k from the sweep by `criterion` with @seisdec/cluster's selectK, with its one-sentence reason. */
export function selectK({ sweep, criterion }: { sweep: SweepPointResult[]; criterion: ClusterSettings['criterion'] }): { k: number; explanation: string } {
  if (!criteria.includes(criterion)) throw invalidInput(`criterion: expected one of ${criteria.join(', ')}, got ${JSON.stringify(criterion)}`);
  if (!Array.isArray(sweep) || sweep.length === 0) throw invalidInput('sweep: expected at least one scored k');
  const { k, explanation } = numericStep('selectK', () => selectKFromSweep(sweep, criterion));
  return { k, explanation };
}
