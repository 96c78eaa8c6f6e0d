import type { TopLevelSpec } from 'vega-lite';
import type { ColorScheme } from 'vega';

/** A figure of the report: file stem, caption for index.html, and its Vega-Lite specification. */
export interface FigureSpec {
  /** File stem: the figure is written as `<name>.svg` and `<name>.png`. */
  name: string;
  title: string;
  caption: string;
  spec: TopLevelSpec;
}

/**
 * Shared look. DejaVu Sans is named first because it is what Debian images ship (resvg rasterises
 * the PNG with system fonts); browsers showing the SVG fall back to their sans-serif.
 */
export const FIGURE_CONFIG = {
  font: 'DejaVu Sans, Helvetica, Arial, sans-serif',
  background: 'white',
  padding: 12,
  view: { stroke: '#d0d0d0' },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#eeeeee' },
  header: { labelFontSize: 12, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 16, subtitleFontSize: 12, anchor: 'start', offset: 12 },
} as const;

/** Colour scale shared by every figure, so cluster j has the same colour everywhere. */
export function clusterColorScale(k: number): { domain: number[]; scheme: ColorScheme | { name: ColorScheme; count: number } } {
  const domain = Array.from({ length: k }, (_, j) => j);
  if (k <= 10) return { domain, scheme: 'tableau10' };
  if (k <= 20) return { domain, scheme: 'tableau20' };
  return { domain, scheme: { name: 'turbo', count: k } };
}

/** Splits a long sentence into lines of at most `width` characters at spaces (for subtitles). */
export function wrap(text: string, width = 110): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Number with a sensible number of digits for captions. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === Number.MAX_VALUE) return 'max';
  const abs = Math.abs(value);
  if (abs >= 1000) return value.toFixed(0);
  if (abs >= 1) return value.toFixed(3);
  return value.toPrecision(3);
}
