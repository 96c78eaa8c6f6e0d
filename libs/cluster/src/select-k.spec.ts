import { selectK, type SweepPoint } from './select-k';

const sweep: SweepPoint[] = [
  { k: 2, calinskiHarabasz: 900, silhouette: 0.41, daviesBouldin: 1.1, inertia: 1000 },
  { k: 3, calinskiHarabasz: 1500, silhouette: 0.55, daviesBouldin: 0.7, inertia: 500 },
  { k: 4, calinskiHarabasz: 1400, silhouette: 0.62, daviesBouldin: 0.8, inertia: 200 },
  { k: 5, calinskiHarabasz: 1200, silhouette: 0.5, daviesBouldin: 0.9, inertia: 180 },
  { k: 6, calinskiHarabasz: 1100, silhouette: 0.45, daviesBouldin: 0.95, inertia: 170 },
];

describe('selectK', () => {
  it('applies each criterion in its direction and explains the choice', () => {
    const ch = selectK(sweep, 'calinski-harabasz');
    expect(ch).toMatchObject({ k: 3, criterion: 'calinski-harabasz' });
    expect(ch.explanation).toContain('k = 3 has the highest Calinski-Harabasz score (1500.0; next best k = 4 with 1400.0)');
    expect(selectK(sweep, 'silhouette').k).toBe(4);
    const db = selectK(sweep, 'davies-bouldin');
    expect(db.k).toBe(3);
    expect(db.explanation).toContain('lowest Davies-Bouldin');
  });

  it('elbow: largest drop above the chord of the scaled inertia curve', () => {
    // Scaled drops at k = 3, 4: 500/830 - 0.25 = 0.35, 800/830 - 0.5 = 0.46 -> k = 4.
    const elbow = selectK(sweep, 'elbow');
    expect(elbow.k).toBe(4);
    expect(elbow.explanation).toMatch(/^k = 4 is the elbow/);
  });

  it('is independent of the order of the sweep and breaks ties toward smaller k', () => {
    expect(selectK([...sweep].reverse(), 'silhouette').k).toBe(4);
    const tied = sweep.map((p) => ({ ...p, calinskiHarabasz: 7 }));
    expect(selectK(tied, 'calinski-harabasz').k).toBe(2);
  });

  it('rejects bad sweeps and criteria', () => {
    expect(() => selectK([], 'silhouette')).toThrow(/^sweep: expected a non-empty array/);
    expect(() => selectK([sweep[0]!, sweep[0]!], 'silhouette')).toThrow(/^sweep: k = 2 appears twice/);
    expect(() => selectK(sweep.slice(0, 2), 'elbow')).toThrow(/^sweep: the elbow criterion needs at least 3/);
    expect(() => selectK([{ ...sweep[0]!, silhouette: NaN }], 'silhouette')).toThrow(/^sweep: silhouette at k = 2 is NaN/);
    expect(() => selectK(sweep, 'gap' as never)).toThrow(/^criterion: expected/);
  });
});
