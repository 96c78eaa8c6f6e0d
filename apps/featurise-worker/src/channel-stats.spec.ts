import { ChannelStatsAccumulator, combineStats, normalisationFromStats } from './channel-stats';

describe('channel statistics', () => {
  it('accumulate channels-last values and combine across shards', () => {
    const a = new ChannelStatsAccumulator(2);
    a.add(Float32Array.from([1, 10, 2, 20])); // channel 0: 1, 2; channel 1: 10, 20
    const b = new ChannelStatsAccumulator(2);
    b.add(Float32Array.from([3, 30, 4, 40]));
    expect(combineStats([a.toJSON(), b.toJSON()])).toEqual({ count: 4, sum: [10, 100], sumSq: [30, 3000], min: [1, 10], max: [4, 40] });
  });

  it('give z-score, min-max and identity normalisations by hand-checkable values', () => {
    const stats = { count: 4, sum: [10, 100], sumSq: [30, 3000], min: [1, 10], max: [4, 40] };
    // channel 0: 1..4 -> mean 2.5, population variance 1.25
    expect(normalisationFromStats(stats, 'zscore')).toEqual({ offset: [2.5, 25], scale: [Math.sqrt(1.25), Math.sqrt(125)] });
    expect(normalisationFromStats(stats, 'minmax')).toEqual({ offset: [1, 10], scale: [3, 30] });
    expect(normalisationFromStats(stats, 'none')).toEqual({ offset: [0, 0], scale: [1, 1] });
  });

  it('map a constant channel to scale 1 instead of dividing by zero', () => {
    const stats = { count: 3, sum: [6], sumSq: [12], min: [2], max: [2] };
    expect(normalisationFromStats(stats, 'zscore')).toEqual({ offset: [2], scale: [1] });
    expect(normalisationFromStats(stats, 'minmax')).toEqual({ offset: [2], scale: [1] });
  });
});
