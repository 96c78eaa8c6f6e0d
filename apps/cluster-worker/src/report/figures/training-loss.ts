import type { EpochLoss } from '../run-data';
import { FIGURE_CONFIG, formatNumber, type FigureSpec } from './common';

/** Pretraining loss and validation loss per epoch; a log axis when the loss spans over 1.5 decades. */
export function trainingLossFigure(history: EpochLoss[]): FigureSpec {
  const values = history.flatMap((e) => [
    { epoch: e.epoch, series: 'training loss', value: e.loss },
    ...(e.valLoss === null ? [] : [{ epoch: e.epoch, series: 'validation loss', value: e.valLoss }]),
  ]);
  const positive = values.map((v) => v.value).filter((v) => v > 0);
  const logScale = positive.length === values.length && positive.length > 0 && Math.max(...positive) / Math.min(...positive) > 30;
  const seconds = history.reduce((sum, e) => sum + e.seconds, 0);
  const withVal = history.filter((e) => e.valLoss !== null);
  const best = withVal.reduce<EpochLoss | undefined>((b, e) => (b === undefined || e.valLoss! < b.valLoss! ? e : b), undefined);
  const summary =
    history.length === 0
      ? 'no epochs recorded'
      : `${history.length} epochs in ${seconds.toFixed(1)} s` + (best ? `; lowest validation loss ${formatNumber(best.valLoss!)} at epoch ${best.epoch}` : '; no validation split');
  return {
    name: 'training-loss',
    title: 'Autoencoder pretraining loss',
    caption: `Reconstruction loss (MSE) per epoch of the convolutional autoencoder, on the training windows and on the held-out validation windows: ${summary}.`,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: FIGURE_CONFIG,
      title: { text: 'Autoencoder pretraining loss per epoch', subtitle: summary },
      width: 640,
      height: 300,
      data: { values },
      mark: { type: 'line', point: { filled: true, size: 36 }, strokeWidth: 2 },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', axis: { title: 'epoch', tickMinStep: 1, format: 'd' } },
        y: { field: 'value', type: 'quantitative', scale: logScale ? { type: 'log' } : { zero: false }, axis: { title: logScale ? 'loss (log scale)' : 'loss' } },
        color: { field: 'series', type: 'nominal', scale: { domain: ['training loss', 'validation loss'], range: ['#4c78a8', '#f58518'] }, legend: { title: null, orient: 'top-right' } },
      },
    },
  };
}
