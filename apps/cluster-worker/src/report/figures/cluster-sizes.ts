import { clusterColorScale, FIGURE_CONFIG, type FigureSpec } from './common';

/** Number of windows per cluster, labelled with count and share. */
export function clusterSizesFigure(sizes: number[]): FigureSpec {
  const total = sizes.reduce((a, b) => a + b, 0);
  const k = sizes.length;
  // Count over share on two lines while the bars are wide enough, the count alone beyond.
  const values = sizes.map((count, cluster) => ({ cluster, count, label: k <= 10 ? [String(count), `${total ? ((100 * count) / total).toFixed(1) : '0'}%`] : String(count) }));
  return {
    name: 'cluster-sizes',
    title: 'Cluster sizes',
    caption: `Windows per cluster (total ${total}).`,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: FIGURE_CONFIG,
      title: { text: 'Windows per cluster', subtitle: `${total} windows, k = ${k}` },
      width: Math.max(320, Math.min(900, 80 * k)),
      height: 260,
      data: { values },
      encoding: {
        x: { field: 'cluster', type: 'ordinal', scale: { domain: clusterColorScale(k).domain }, axis: { title: 'cluster', labelAngle: 0 } },
        y: { field: 'count', type: 'quantitative', axis: { title: 'windows' }, scale: { domainMax: Math.max(1, ...sizes) * 1.18 } },
      },
      layer: [
        { mark: { type: 'bar' }, encoding: { color: { field: 'cluster', type: 'ordinal', scale: clusterColorScale(k), legend: null } } },
        { mark: { type: 'text', baseline: 'bottom', dy: k <= 10 ? -16 : -3, lineHeight: 13, fontSize: 11 }, encoding: { text: { field: 'label' } } },
      ],
    },
  };
}
