import type { ChannelStats, Dataset } from '@seisdec/contracts';

/**
 * Per-channel running sums over NHWC values (channel = last axis), combinable across shards:
 * count (values per channel), sum and sum of squares accumulated in float64, min and max.
 */
export class ChannelStatsAccumulator {
  private count = 0;
  private readonly sum: Float64Array;
  private readonly sumSq: Float64Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;

  constructor(readonly channels: number) {
    this.sum = new Float64Array(channels);
    this.sumSq = new Float64Array(channels);
    this.min = new Float64Array(channels).fill(Infinity);
    this.max = new Float64Array(channels).fill(-Infinity);
  }

  /** Adds channels-last values (length a multiple of `channels`). */
  add(values: Float32Array): void {
    const c = this.channels;
    for (let i = 0; i < values.length; i += c) {
      for (let ch = 0; ch < c; ch++) {
        const v = values[i + ch]!;
        this.sum[ch]! += v;
        this.sumSq[ch]! += v * v;
        if (v < this.min[ch]!) this.min[ch] = v;
        if (v > this.max[ch]!) this.max[ch] = v;
      }
    }
    this.count += values.length / c;
  }

  toJSON(): ChannelStats {
    return { count: this.count, sum: [...this.sum], sumSq: [...this.sumSq], min: [...this.min], max: [...this.max] };
  }
}

/** Sums shard statistics (every shard must have the same channel count). */
export function combineStats(all: ChannelStats[]): ChannelStats {
  const channels = all[0]?.sum.length ?? 0;
  const total: ChannelStats = { count: 0, sum: new Array<number>(channels).fill(0), sumSq: new Array<number>(channels).fill(0), min: new Array<number>(channels).fill(Infinity), max: new Array<number>(channels).fill(-Infinity) };
  for (const s of all) {
    total.count += s.count;
    for (let c = 0; c < channels; c++) {
      total.sum[c]! += s.sum[c]!;
      total.sumSq[c]! += s.sumSq[c]!;
      total.min[c] = Math.min(total.min[c]!, s.min[c]!);
      total.max[c] = Math.max(total.max[c]!, s.max[c]!);
    }
  }
  return total;
}

/**
 * Dataset normalisation per channel, applied as (value - offset) / scale:
 * zscore: offset = mean = sum / count, scale = population std = sqrt(max(0, sumSq / count - mean^2));
 * minmax: offset = min, scale = max - min; none: 0 and 1. A constant channel (scale 0) gets scale 1
 * so it maps to a constant instead of NaN. The one-pass variance loses precision only when
 * std / |mean| is below ~1e-7, far from spectrogram values (dB spreads of tens around tens).
 */
export function normalisationFromStats(stats: ChannelStats, method: Dataset['normalisation']): { offset: number[]; scale: number[] } {
  const channels = stats.sum.length;
  const offset: number[] = [];
  const scale: number[] = [];
  for (let c = 0; c < channels; c++) {
    let o = 0;
    let s = 1;
    if (method === 'zscore') {
      o = stats.sum[c]! / stats.count;
      s = Math.sqrt(Math.max(0, stats.sumSq[c]! / stats.count - o * o));
    } else if (method === 'minmax') {
      o = stats.min[c]!;
      s = stats.max[c]! - stats.min[c]!;
    }
    offset.push(o);
    scale.push(s > 0 ? s : 1);
  }
  return { offset, scale };
}
