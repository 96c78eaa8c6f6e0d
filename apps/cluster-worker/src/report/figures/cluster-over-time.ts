import type { WindowRow } from '../run-data';
import { clusterColorScale, FIGURE_CONFIG, type FigureSpec } from './common';

/** Windows further apart than this start a new panel column, so separate days do not squash each other. */
const SEGMENT_GAP_MS = 6 * 3600_000;
/** More segments than this share one time axis (a long continuous archive with a few gaps). */
const MAX_SEGMENT_COLUMNS = 6;
/** Above this many windows, ticks are thinned to one per cluster and time bin (keeps the SVG small). */
const MAX_TICKS = 6000;
const BINS_PER_SEGMENT = 480;
const PLOT_WIDTH = 820;

interface Segment {
  startMs: number;
  endMs: number;
  label: string;
}

/**
 * ClusTremor's cluster-over-time figure: the cluster of every window against its start time, one
 * row of panels per station, coloured by cluster. Recording periods separated by more than 6 h are
 * drawn as separate columns with their own time axis.
 */
export function clusterOverTimeFigure(windows: WindowRow[], k: number): FigureSpec {
  const segments = findSegments(windows);
  const columns = segments.length <= MAX_SEGMENT_COLUMNS ? segments : [{ startMs: segments[0]!.startMs, endMs: segments[segments.length - 1]!.endMs, label: spanLabel(segments[0]!.startMs, segments[segments.length - 1]!.endMs) }];
  const segmentOf = (ms: number): Segment => columns.find((s) => ms <= s.endMs) ?? columns[columns.length - 1]!;
  const thinned = windows.length > MAX_TICKS;
  const values = thinned ? binnedTicks(windows, columns, segmentOf) : windows.map((w) => ({ station: w.station, segment: segmentOf(w.startMs).label, time: w.startMs, cluster: w.cluster }));
  const stations = [...new Set(windows.map((w) => w.station))].sort();
  const width = Math.max(220, Math.floor((PLOT_WIDTH - 60 * (columns.length - 1)) / columns.length));
  const height = Math.max(70, 16 * k);
  const binMinutes = thinned ? Math.max(...columns.map((s) => (s.endMs - s.startMs) / BINS_PER_SEGMENT / 60_000)) : 0;
  return {
    name: 'cluster-over-time',
    title: 'Cluster of each window over time',
    caption:
      `Cluster of each of the ${windows.length} windows against its start time (UTC), one row per station (${stations.length}), colour by cluster` +
      (columns.length > 1 ? `; ${columns.length} recording periods as separate columns` : '') +
      (thinned ? `; with this many windows one tick marks each cluster present in a ${binMinutes.toFixed(1)}-minute bin.` : '; one tick per window.'),
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: { ...FIGURE_CONFIG, concat: { spacing: 14 } },
      title: { text: 'Cluster of each window over time', subtitle: `${windows.length} windows, ${stations.length} stations, k = ${k}` },
      data: { values },
      // A grid of one panel per (station, recording period): every column shares its period's time
      // axis and every row its station, even where a station has no window in a period.
      columns: columns.length,
      concat: stations.flatMap((station, row) =>
        columns.map((segment, column) => {
          const pad = Math.max(60_000, 0.01 * (segment.endMs - segment.startMs));
          return {
            ...(row === 0 && columns.length > 1 ? { title: { text: segment.label, fontSize: 12, anchor: 'middle' as const } } : {}),
            transform: [{ filter: { and: [{ field: 'station', equal: station }, { field: 'segment', equal: segment.label }] } }],
            width,
            height,
            mark: { type: 'tick' as const, orient: 'vertical' as const, thickness: 1.5, aria: false },
            encoding: {
              x: {
                field: 'time',
                type: 'temporal' as const,
                scale: { type: 'utc' as const, domain: [segment.startMs - pad, segment.endMs + pad] },
                axis: { title: row === stations.length - 1 ? 'time (UTC)' : null, labelOverlap: true, tickCount: 6, format: timeFormat(columns) },
              },
              y: {
                field: 'cluster',
                type: 'ordinal' as const,
                scale: { domain: clusterColorScale(k).domain },
                // The station names the row, written horizontally left of the cluster labels.
                axis: column === 0 ? { title: station, titleAngle: 0, titleAlign: 'right' as const, titleBaseline: 'middle' as const, titleX: -24, titleY: height / 2, titleFontWeight: 'bold' as const } : { title: null },
              },
              color: { field: 'cluster', type: 'ordinal' as const, scale: clusterColorScale(k), legend: { title: 'cluster', orient: 'right' as const } },
            },
          };
        }),
      ),
      resolve: { scale: { x: 'independent' } },
    },
  };
}

/** d3 time format for the axis labels (UTC, as the scale is): clock time within a day, dates over longer spans. */
function timeFormat(columns: Segment[]): string {
  const longest = Math.max(...columns.map((s) => s.endMs - s.startMs));
  if (longest <= 86_400_000) return '%H:%M';
  if (longest <= 14 * 86_400_000) return '%b %d %H:%M';
  return '%Y-%m-%d';
}

function findSegments(windows: WindowRow[]): Segment[] {
  const times = windows.map((w) => w.startMs).sort((a, b) => a - b);
  const segments: Segment[] = [];
  let start = times[0] ?? 0;
  let previous = start;
  for (const t of times.slice(1)) {
    if (t - previous > SEGMENT_GAP_MS) {
      segments.push({ startMs: start, endMs: previous, label: spanLabel(start, previous) });
      start = t;
    }
    previous = t;
  }
  segments.push({ startMs: start, endMs: previous, label: spanLabel(start, previous) });
  return segments;
}

/** `2020-03-28 03:10–04:30 UTC`, or with both dates when the span crosses midnight. */
function spanLabel(startMs: number, endMs: number): string {
  const a = new Date(startMs).toISOString();
  const b = new Date(endMs).toISOString();
  const sameDay = a.slice(0, 10) === b.slice(0, 10);
  return `${a.slice(0, 10)} ${a.slice(11, 16)}–${sameDay ? '' : `${b.slice(0, 10)} `}${b.slice(11, 16)} UTC`;
}

function binnedTicks(windows: WindowRow[], segments: Segment[], segmentOf: (ms: number) => Segment) {
  const seen = new Map<string, { station: string; segment: string; time: number; cluster: number }>();
  for (const w of windows) {
    const segment = segmentOf(w.startMs);
    const binMs = Math.max(1, (segment.endMs - segment.startMs) / BINS_PER_SEGMENT);
    const bin = Math.floor((w.startMs - segment.startMs) / binMs);
    const key = `${w.station}|${segments.indexOf(segment)}|${bin}|${w.cluster}`;
    if (!seen.has(key)) seen.set(key, { station: w.station, segment: segment.label, time: segment.startMs + (bin + 0.5) * binMs, cluster: w.cluster });
  }
  return [...seen.values()];
}
