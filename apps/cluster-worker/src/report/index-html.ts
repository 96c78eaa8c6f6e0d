import type { ReportSummary } from './summary';

/**
 * A self-contained page (no scripts, no external assets) showing every figure (SVG inline via
 * <img>, linked to its PNG), the run summary and a link to labels.csv. Links are relative, so the
 * report works from the object store, a download (`seisdec results`) or a static web server.
 */
export function indexHtml(s: ReportSummary): string {
  const total = s.clusterSizes.reduce((a, b) => a + b, 0);
  const computedSeconds = s.stages.reduce((sum, st) => sum + st.seconds, 0);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>seisdec report: ${esc(s.archive)} / ${esc(s.runId)}</title>
<style>
  body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #222; line-height: 1.45; }
  h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
  h2 { font-size: 1.2rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
  table { border-collapse: collapse; margin: 0.6rem 0; font-size: 0.92rem; }
  th, td { border: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
  th { background: #f5f5f5; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; }
  figure { margin: 1.2rem 0 2rem; }
  figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
  figcaption { font-size: 0.9rem; color: #444; margin-top: 0.4rem; }
  .muted { color: #666; }
  code { background: #f3f3f3; padding: 0 0.25rem; }
</style>
</head>
<body>
<h1>seisdec report</h1>
<p class="muted">Archive <code>${esc(s.archive)}</code>, run <code>${esc(s.runId)}</code>, generated ${esc(s.generatedAt)}.</p>

<h2>Summary</h2>
<table>
<tr><th>Windows clustered</th><td class="num">${s.windows}</td></tr>
<tr><th>Stations</th><td>${s.stations.map(esc).join(', ')}</td></tr>
<tr><th>Channels</th><td>${s.channels.map(esc).join(', ')}</td></tr>
<tr><th>Chosen k</th><td><strong>${s.k}</strong> ${s.kSelection.fixed ? '(fixed in the settings)' : `by ${esc(s.kSelection.criterion)}`}</td></tr>
<tr><th>Why</th><td>${esc(s.kSelection.explanation)}</td></tr>
<tr><th>DEC iterations</th><td class="num">${s.decIterations}</td></tr>
<tr><th>Labels</th><td><a href="${esc(s.files.labelsCsv)}">${esc(s.files.labelsCsv)}</a> (one row per window) · <a href="${esc(s.files.summary)}">${esc(s.files.summary)}</a></td></tr>
</table>

<h3>Cluster sizes</h3>
<table>
<tr><th>cluster</th><th>windows</th><th>share</th></tr>
${s.clusterSizes.map((n, j) => `<tr><td class="num">${j}</td><td class="num">${n}</td><td class="num">${total ? ((100 * n) / total).toFixed(1) : '0.0'}%</td></tr>`).join('\n')}
</table>

<h3>Stages</h3>
<table>
<tr><th>stage</th><th>computed</th><th>reused from cache</th><th>seconds</th></tr>
${s.stages.map((st) => `<tr><td>${esc(st.stage)}</td><td class="num">${st.computed}</td><td class="num">${st.reused}</td><td class="num">${st.seconds.toFixed(1)}</td></tr>`).join('\n')}
<tr><th>total</th><th></th><th></th><th class="num">${computedSeconds.toFixed(1)}</th></tr>
</table>

<h3>Quarantined files</h3>
${
  s.quarantined.length === 0
    ? '<p>None: every selected file was readable.</p>'
    : `<table>
<tr><th>file</th><th>byte offset</th><th>reason</th></tr>
${s.quarantined.map((q) => `<tr><td><code>${esc(q.key)}</code></td><td class="num">${q.offset}</td><td>${esc(q.reason)}</td></tr>`).join('\n')}
</table>`
}

${
  s.sweep.length === 0
    ? ''
    : `<h3>k sweep</h3>
<table>
<tr><th>k</th><th>inertia</th><th>Calinski-Harabasz</th><th>silhouette</th><th>Davies-Bouldin</th></tr>
${[...s.sweep]
  .sort((a, b) => a.k - b.k)
  .map((p) => `<tr${p.k === s.k ? ' style="font-weight:bold"' : ''}><td class="num">${p.k}</td><td class="num">${fmt(p.inertia)}</td><td class="num">${fmt(p.calinskiHarabasz)}</td><td class="num">${fmt(p.silhouette)}</td><td class="num">${fmt(p.daviesBouldin)}</td></tr>`)
  .join('\n')}
</table>`
}

<h2>Figures</h2>
${s.files.figures
  .map(
    (f) => `<figure id="${esc(f.name)}">
<h3>${esc(f.title)}</h3>
<a href="${esc(f.png)}"><img src="${esc(f.svg)}" alt="${esc(f.title)}"></a>
<figcaption>${esc(f.caption)} <span class="muted">[<a href="${esc(f.svg)}">SVG</a> · <a href="${esc(f.png)}">PNG</a>]</span></figcaption>
</figure>`,
  )
  .join('\n')}
</body>
</html>
`;
}

function esc(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function fmt(value: number): string {
  if (value === Number.MAX_VALUE) return '∞';
  const abs = Math.abs(value);
  return abs >= 1000 ? value.toFixed(1) : value.toPrecision(4);
}
