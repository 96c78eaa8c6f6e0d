import { selectK as selectKFromSweep, type SelectionCriterion } from '@seisdec/cluster';
import { ReportInputSchema, type ReportInput, type ReportResult } from '@seisdec/contracts';
import { assertValidKey, InvalidKeyError, type BlobStore } from '@seisdec/store';
import { checkpoint, heartbeat } from '../activity-context';
import { invalidInput, parseInput } from '../failures';
import { clusterOverTimeFigure } from './figures/cluster-over-time';
import { clusterSizesFigure } from './figures/cluster-sizes';
import type { FigureSpec } from './figures/common';
import { kSelectionFigure } from './figures/k-selection';
import { meanSpectrogramsFigure } from './figures/mean-spectrograms';
import { trainingLossFigure } from './figures/training-loss';
import { indexHtml } from './index-html';
import { labelsCsv } from './labels-csv';
import { renderFigure } from './render';
import { loadRunData, type RunData } from './run-data';
import type { ReportSummary } from './summary';

/** Where a run's report lives in the store. */
export function reportPrefix(archive: string, runId: string): string {
  return `reports/${archive}/${runId}`;
}

/**
 * Writes the run's report under `reports/<archive>/<runId>/`: labels.csv, five figures as SVG and
 * PNG (cluster over time, k selection, pretraining loss, mean spectrogram per cluster, cluster
 * sizes), summary.json and index.html. Objects are overwritten in place, so a retried or repeated
 * report leaves one complete set; index.html is written last.
 */
export async function writeReport(store: BlobStore, rawInput: ReportInput): Promise<ReportResult> {
  const input = parseInput(ReportInputSchema, rawInput, 'writeReport');
  const prefix = reportPrefix(input.archive, input.runId);
  try {
    assertValidKey(`${prefix}/index.html`);
  } catch (error) {
    if (error instanceof InvalidKeyError) throw invalidInput(`archive/runId: ${error.message}`);
    throw error;
  }
  if (input.k < 2) throw invalidInput(`k: expected an integer >= 2, got ${input.k}`);

  const data = await loadRunData(store, input);
  const kSelection = describeSelection(input);
  const figures: FigureSpec[] = [
    clusterOverTimeFigure(data.windows, input.k),
    kSelectionFigure(input.sweep, input.k, kSelection.criterion, kSelection.explanation, kSelection.fixed),
    trainingLossFigure(data.history),
    meanSpectrogramsFigure(data.spectrograms, data.dataset.shape, data.channels, data.windowSeconds, input.spectrogram?.band),
    clusterSizesFigure(data.clusterSizes),
  ];

  const written: string[] = [];
  const put = async (name: string, body: Uint8Array | string) => {
    await store.put(`${prefix}/${name}`, body);
    written.push(`${prefix}/${name}`);
  };
  await put('labels.csv', labelsCsv(data.windows));
  for (const [i, figure] of figures.entries()) {
    const { svg, png } = await renderFigure(figure.spec);
    await put(`${figure.name}.svg`, svg);
    await put(`${figure.name}.png`, png);
    heartbeat({ figure: figure.name, done: i + 1, figures: figures.length });
    await checkpoint();
  }
  const summary = buildSummary(input, data, kSelection, figures);
  await put('summary.json', `${JSON.stringify(summary, null, 2)}\n`);
  await put('index.html', indexHtml(summary));
  return { prefix, indexKey: `${prefix}/index.html`, labelsCsvKey: `${prefix}/labels.csv`, files: written };
}

/**
 * How k was chosen. ReportInput carries the criterion but not selectK's sentence, so it is
 * recomputed from the sweep; when the criterion does not pick input.k (or cannot run on this
 * sweep), k was fixed in the settings.
 */
function describeSelection(input: ReportInput): ReportSummary['kSelection'] {
  const fixed = (why: string) => ({ criterion: input.criterion, explanation: `k = ${input.k} was fixed in the run settings${why}.`, fixed: true });
  if (input.sweep.length === 0) return fixed('; no k sweep was scored');
  // The parent workflow scores just the fixed k when the settings fix it: nothing was chosen.
  if (input.sweep.length === 1 && input.sweep[0]!.k === input.k) return fixed('; only that k was scored');
  try {
    const picked = selectKFromSweep(input.sweep, input.criterion as SelectionCriterion);
    if (picked.k === input.k) return { criterion: input.criterion, explanation: picked.explanation, fixed: false };
    return fixed(` (the ${input.criterion} criterion alone would pick k = ${picked.k})`);
  } catch (error) {
    return fixed(` (${input.criterion} cannot rank this sweep: ${(error as Error).message})`);
  }
}

function buildSummary(input: ReportInput, data: RunData, kSelection: ReportSummary['kSelection'], figures: FigureSpec[]): ReportSummary {
  const best = data.history.filter((e) => e.valLoss !== null).reduce<number | null>((b, e) => (b === null || e.valLoss! < b ? e.valLoss : b), null);
  return {
    archive: input.archive,
    runId: input.runId,
    generatedAt: new Date().toISOString(),
    windows: data.windows.length,
    stations: [...new Set(data.windows.map((w) => w.station))].sort(),
    channels: data.channels,
    k: input.k,
    kSelection,
    clusterSizes: data.clusterSizes,
    decIterations: input.dec.iterations,
    sweep: input.sweep,
    pretraining: {
      epochs: data.history.length,
      seconds: data.history.reduce((sum, e) => sum + e.seconds, 0),
      finalLoss: data.history.at(-1)?.loss ?? null,
      bestValLoss: best,
    },
    stages: input.stages,
    quarantined: input.quarantined,
    files: {
      index: 'index.html',
      summary: 'summary.json',
      labelsCsv: 'labels.csv',
      figures: figures.map((f) => ({ name: f.name, title: f.title, caption: f.caption, svg: `${f.name}.svg`, png: `${f.name}.png` })),
    },
  };
}
