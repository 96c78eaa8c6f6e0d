import { ClusterSettingsSchema, type SweepPointResult } from '@seisdec/contracts';
import { selectK } from './select-k';

// CH peaks at k = 5, silhouette at k = 3, Davies-Bouldin is lowest at k = 4, the inertia elbow is at 3.
const sweep: SweepPointResult[] = [
  { k: 2, inertia: 1000, calinskiHarabasz: 300, silhouette: 0.41, daviesBouldin: 1.1, centroidsKey: 'c/2' },
  { k: 3, inertia: 400, calinskiHarabasz: 420, silhouette: 0.52, daviesBouldin: 0.9, centroidsKey: 'c/3' },
  { k: 4, inertia: 320, calinskiHarabasz: 480, silhouette: 0.47, daviesBouldin: 0.7, centroidsKey: 'c/4' },
  { k: 5, inertia: 280, calinskiHarabasz: 510, silhouette: 0.44, daviesBouldin: 0.8, centroidsKey: 'c/5' },
  { k: 6, inertia: 260, calinskiHarabasz: 450, silhouette: 0.40, daviesBouldin: 0.95, centroidsKey: 'c/6' },
];

describe('selectK', () => {
  it('picks the Calinski-Harabasz maximum with the default criterion, and says why', () => {
    const criterion = ClusterSettingsSchema.parse({}).criterion;
    expect(criterion).toBe('calinski-harabasz');
    const { k, explanation } = selectK({ sweep: [...sweep].reverse(), criterion });
    expect(k).toBe(5);
    expect(explanation).toMatch(/^k = 5 has the highest Calinski-Harabasz score \(510\.0; next best k = 4 with 480\.0\) over k = 2\.\.6\.$/);
  });

  it('follows the other criteria', () => {
    expect(selectK({ sweep, criterion: 'silhouette' }).k).toBe(3);
    expect(selectK({ sweep, criterion: 'davies-bouldin' }).k).toBe(4);
    expect(selectK({ sweep, criterion: 'elbow' }).k).toBe(3);
  });

  it('rejects an empty sweep, an unknown criterion and duplicate k non-retryably', () => {
    expect(() => selectK({ sweep: [], criterion: 'silhouette' })).toThrow(expect.objectContaining({ nonRetryable: true, message: 'sweep: expected at least one scored k' }));
    expect(() => selectK({ sweep, criterion: 'gap' as never })).toThrow(/criterion: expected one of calinski-harabasz, silhouette, davies-bouldin, elbow, got "gap"/);
    expect(() => selectK({ sweep: [sweep[0]!, sweep[0]!], criterion: 'silhouette' })).toThrow(expect.objectContaining({ nonRetryable: true, message: 'selectK: sweep: k = 2 appears twice' }));
  });
});
