import type { SweepPointResult } from '@seisdec/contracts';
import { FIGURE_CONFIG, wrap, type FigureSpec } from './common';

const MARKER_COLOR = '#d62728';
const PANEL_HEIGHT = 150;

const metrics = [
  { field: 'calinskiHarabasz', title: 'Calinski-Harabasz (higher is better)', criterion: 'calinski-harabasz' },
  { field: 'silhouette', title: 'Silhouette (higher is better)', criterion: 'silhouette' },
  { field: 'daviesBouldin', title: 'Davies-Bouldin (lower is better)', criterion: 'davies-bouldin' },
] as const;

/**
 * Calinski-Harabasz, silhouette and Davies-Bouldin against k, one panel each, with the chosen k
 * marked by a dashed rule, a ring on its score and the label "chosen k = <k>".
 */
export function kSelectionFigure(sweep: SweepPointResult[], k: number, criterion: string, explanation: string, fixed: boolean): FigureSpec {
  const points = [...sweep].sort((a, b) => a.k - b.k);
  const marker = `chosen k = ${k}${fixed ? ' (fixed)' : ''}`;
  const kMin = Math.min(k, ...points.map((p) => p.k));
  const kMax = Math.max(k, ...points.map((p) => p.k));
  const xDomain = kMin === kMax ? [kMin - 1, kMax + 1] : [kMin, kMax];
  // Near the right edge the label goes left of the rule, so it stays inside the panel.
  const labelOnLeft = k > xDomain[0]! + (2 / 3) * (xDomain[1]! - xDomain[0]!);
  const panel = (metric: (typeof metrics)[number]) => {
    const values = points.map((p) => ({ k: p.k, value: p[metric.field] === Number.MAX_VALUE ? null : p[metric.field] }));
    const x = { field: 'k', type: 'quantitative' as const, scale: { domain: xDomain, nice: false }, axis: { title: 'k (clusters)', tickMinStep: 1, format: 'd' } };
    const chosen = values.filter((v) => v.k === k);
    // The label goes in the half of the panel away from the chosen point, so it never covers it.
    const finite = values.map((v) => v.value).filter((v): v is number => v !== null);
    const mid = (Math.min(...finite) + Math.max(...finite)) / 2;
    const labelAtTop = chosen[0]?.value == null || chosen[0].value < mid;
    return {
      title: { text: metric.title + (metric.criterion === criterion ? '  — selection criterion' : ''), frame: 'group' as const, fontSize: 13, fontWeight: metric.criterion === criterion ? ('bold' as const) : ('normal' as const) },
      width: 640,
      height: PANEL_HEIGHT,
      layer: [
        { data: { values }, mark: { type: 'line' as const, point: { filled: true, size: 50 }, color: '#4c78a8' }, encoding: { x, y: { field: 'value', type: 'quantitative' as const, scale: { zero: false }, axis: { title: null } } } },
        { data: { values: [{ k }] }, mark: { type: 'rule' as const, color: MARKER_COLOR, strokeDash: [6, 4], strokeWidth: 2 }, encoding: { x } },
        ...(chosen.length
          ? [{ data: { values: chosen }, mark: { type: 'point' as const, shape: 'circle', size: 220, stroke: MARKER_COLOR, strokeWidth: 2.5, filled: false }, encoding: { x, y: { field: 'value', type: 'quantitative' as const } } }]
          : []),
        { data: { values: [{ k }] }, mark: { type: 'text' as const, text: marker, color: MARKER_COLOR, align: labelOnLeft ? ('right' as const) : ('left' as const), baseline: labelAtTop ? ('top' as const) : ('bottom' as const), dx: labelOnLeft ? -6 : 6, y: labelAtTop ? 4 : PANEL_HEIGHT - 4, fontWeight: 'bold' as const, fontSize: 12 }, encoding: { x } },
      ],
    };
  };
  const subtitle = points.length === 0 ? [`k was fixed at ${k}; no sweep was scored.`] : wrap(explanation, 100);
  return {
    name: 'k-selection',
    title: 'Choice of k',
    caption:
      points.length === 0
        ? `No k sweep: k was fixed at ${k}.`
        : `Internal validation scores of k-means on the latent vectors for k = ${points.map((p) => p.k).join(', ')}; the dashed line marks the chosen k = ${k}` +
          (fixed ? ' (fixed in the settings).' : ` (criterion: ${criterion}). ${explanation}`),
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: FIGURE_CONFIG,
      title: { text: `Choice of k: ${marker}`, subtitle },
      vconcat: metrics.map(panel),
      spacing: 28,
    },
  };
}
