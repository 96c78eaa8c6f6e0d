import type { WindowRow } from './run-data';

export const LABELS_CSV_HEADER = ['station', 'channels', 'window_start_utc', 'window_end_utc', 'cluster', 'max_q'] as const;

/**
 * One row per window in dataset order: station (NET.STA.LOC), the stacked channels joined by "|",
 * window start and end (ISO-8601 UTC), DEC cluster, and the window's largest soft assignment q.
 */
export function labelsCsv(windows: WindowRow[]): string {
  const lines = [LABELS_CSV_HEADER.join(',')];
  for (const w of windows) {
    lines.push([csvField(w.station), csvField(w.components.join('|')), csvField(w.start), csvField(w.end), String(w.cluster), w.maxQ.toFixed(6)].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** RFC 4180 quoting, only when needed. */
function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
