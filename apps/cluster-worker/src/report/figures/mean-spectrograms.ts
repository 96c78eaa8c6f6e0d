import type { ClusterSpectrogram } from '../run-data';
import { FIGURE_CONFIG, type FigureSpec } from './common';

/** At most this many heatmap cells in the figure (each is one SVG path of ~100 bytes). */
const MAX_CELLS = 14_000;
/**
 * Each cell reaches this fraction of a cell into its right and upper neighbours, which are drawn
 * after it and cover the overlap: abutting anti-aliased edges would otherwise let the white
 * background through as faint seams between cells (the last row and column are clipped).
 */
const OVERLAP = 0.5;

/**
 * Mean normalised spectrogram of each cluster's windows, one row per cluster, one column per
 * channel, on one shared colour scale. Large images are block-averaged for display by the smallest
 * integer factor that keeps the figure under MAX_CELLS cells.
 *
 * With the run's frequency `band` [low, high] Hz the vertical axis is in Hz: the featuriser keeps the
 * STFT bins inside the band (row 0 the lowest) and resizes them to `height` rows, so row r spans
 * low + [r, r + 1] x (high - low) / height, to within one STFT bin at the edges. Without it (runs
 * recorded before the band reached the report) the axis counts frequency bins.
 */
export function meanSpectrogramsFigure(spectrograms: ClusterSpectrogram[], shape: [number, number, number], channels: string[], windowSeconds: number, band?: [number, number]): FigureSpec {
  const [height, width, nChannels] = shape;
  const [lowHz, hzPerRow] = band === undefined ? [0, 1] : [band[0], (band[1] - band[0]) / height];
  const frequencyTitle = band === undefined ? 'frequency bin' : 'frequency (Hz)';
  const shown = spectrograms.filter((s) => s.count > 0);
  const factor = displayFactor(height, width, nChannels * shown.length);
  const rowsOut = Math.ceil(height / factor);
  const colsOut = Math.ceil(width / factor);
  const secondsPerFrame = windowSeconds > 0 ? windowSeconds / width : 1;
  const timeUnit = windowSeconds > 0 ? 'time in window (s)' : 'time frame';
  const panelName = (s: ClusterSpectrogram) => `cluster ${s.cluster} · ${s.count} window${s.count === 1 ? '' : 's'}`;

  const values: { panel: string; channel: string; t0: number; t1: number; f0: number; f1: number; value: number }[] = [];
  for (const s of shown) {
    for (let c = 0; c < nChannels; c++) {
      for (let r = 0; r < rowsOut; r++) {
        for (let t = 0; t < colsOut; t++) {
          values.push({
            panel: panelName(s),
            channel: channels[c] ?? `channel ${c}`,
            t0: t * factor * secondsPerFrame,
            t1: (Math.min(width, (t + 1) * factor) + OVERLAP * factor) * secondsPerFrame,
            f0: round(lowHz + r * factor * hzPerRow),
            f1: round(lowHz + (Math.min(height, (r + 1) * factor) + OVERLAP * factor) * hzPerRow),
            value: round(blockMean(s.mean, height, width, nChannels, c, r * factor, t * factor, factor)),
          });
        }
      }
    }
  }
  const empty = spectrograms.length - shown.length;
  const downsampled = factor > 1 ? ` Shown block-averaged ${factor}×${factor} (${rowsOut}×${colsOut} of ${height}×${width} cells).` : '';
  return {
    name: 'mean-spectrograms',
    title: 'Mean spectrogram per cluster',
    caption:
      `Average of the normalised spectrograms (the model's input, per-channel dataset normalisation) of each cluster's windows, per channel; ` +
      `frequency increases upwards${band === undefined ? '' : ` from ${band[0]} to ${band[1]} Hz`}, time runs across the ${windowSeconds > 0 ? `${round(windowSeconds)}-s ` : ''}window.${downsampled}` +
      (empty ? ` ${empty} empty cluster${empty === 1 ? '' : 's'} not shown.` : ''),
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: { ...FIGURE_CONFIG, view: { stroke: null } },
      title: { text: 'Mean normalised spectrogram per cluster', subtitle: `rows: clusters; columns: channels${factor > 1 ? `; block-averaged ${factor}×${factor} for display` : ''}` },
      data: { values },
      facet: {
        row: { field: 'panel', type: 'nominal', sort: shown.map(panelName), header: { labelAngle: 0, labelAlign: 'left', labelFontWeight: 'bold', labelExpr: "split(datum.value, ' · ')" }, title: null },
        column: { field: 'channel', type: 'nominal', sort: channels, header: { labelFontWeight: 'bold' }, title: null },
      },
      spec: {
        width: 170,
        height: 120,
        // aria off: per-cell accessibility labels would triple the SVG for no reader's benefit.
        mark: { type: 'rect', aria: false, clip: true },
        encoding: {
          x: { field: 't0', type: 'quantitative', scale: { domain: [0, width * secondsPerFrame], nice: false, zero: true }, axis: { title: timeUnit, tickCount: 4, grid: false } },
          x2: { field: 't1' },
          y: { field: 'f0', type: 'quantitative', scale: { domain: [lowHz, lowHz + height * hzPerRow], nice: false, zero: false }, axis: { title: frequencyTitle, tickCount: 4, grid: false } },
          y2: { field: 'f1' },
          color: { field: 'value', type: 'quantitative', scale: { scheme: 'viridis' }, legend: { title: ['normalised', 'amplitude'], orient: 'right', gradientLength: 160 } },
        },
      },
      spacing: { row: 10, column: 10 },
    },
  };
}

/** Smallest integer block size keeping panels x cells under MAX_CELLS. */
function displayFactor(height: number, width: number, panels: number): number {
  let factor = 1;
  while (panels * Math.ceil(height / factor) * Math.ceil(width / factor) > MAX_CELLS && factor < Math.max(height, width)) factor++;
  return factor;
}

/** Mean of the factor x factor block at (row0, col0) of channel c in an [H, W, C] image. */
function blockMean(image: Float64Array, height: number, width: number, channels: number, c: number, row0: number, col0: number, factor: number): number {
  let sum = 0;
  let n = 0;
  for (let r = row0; r < Math.min(height, row0 + factor); r++) {
    for (let t = col0; t < Math.min(width, col0 + factor); t++) {
      sum += image[(r * width + t) * channels + c]!;
      n++;
    }
  }
  return sum / n;
}

/** Four significant digits are plenty for colour and keep the embedded data small. */
function round(value: number): number {
  return Number(value.toPrecision(4));
}
