import { triggerOnset } from './trigger-onset';
import { classicStaLta } from './classic-sta-lta';
import { recursiveStaLta } from './recursive-sta-lta';
import { loadFixture } from './internal/fixtures.spec-helper';

const fixture = loadFixture('triggers');
const pairs = (picks: { on: number; off: number }[]) => picks.map(({ on, off }) => [on, off]);

describe('triggerOnset (obspy trigger_onset)', () => {
  it('pairs on/off by hand on a short series', () => {
    // >= 3 at 1..2 (on 1), stays >= 1 through 3 -> [1, 3]; 5..7 -> [5, 8] (c[8] = 2 >= 1)
    expect(pairs(triggerOnset([0, 5, 5, 1, 0, 4, 4, 4, 2, 0], { on: 3, off: 1 }))).toEqual([[1, 3], [5, 8]]);
  });

  it('matches obspy on synthetic edge cases (thres2 > thres1, max_len, max_len_delete)', () => {
    const s: number[] = fixture.synthetic;
    const cases: [string, Parameters<typeof triggerOnset>[1]][] = [
      ['3_1', { on: 3, off: 1 }],
      ['3_3', { on: 3, off: 3 }],
      ['1_4', { on: 1, off: 4 }],
      ['3_0.5_maxlen2', { on: 3, off: 0.5, maxLength: 2 }],
      ['3_0.5_maxlen2_delete', { on: 3, off: 0.5, maxLength: 2, maxLengthDelete: true }],
    ];
    for (const [key, options] of cases) expect(pairs(triggerOnset(s, options))).toEqual(fixture.syntheticOnsets[key]);
  });

  it('matches obspy on STA/LTA of the real event', () => {
    const x = Float64Array.from(fixture.x as number[]);
    const classic = classicStaLta(x, fixture.nsta, fixture.nlta);
    const recursive = recursiveStaLta(x, fixture.nsta, fixture.nlta);
    expect(pairs(triggerOnset(classic, { on: 3, off: 1.5 }))).toEqual(fixture.onsets['classic_3_1.5']);
    expect(pairs(triggerOnset(classic, { on: 2, off: 2 }))).toEqual(fixture.onsets['classic_2_2']);
    expect(pairs(triggerOnset(recursive, { on: 4, off: 1 }))).toEqual(fixture.onsets['recursive_4_1']);
    expect(pairs(triggerOnset(recursive, { on: 2, off: 0.5, maxLength: 300 }))).toEqual(fixture.onsets['recursive_2_0.5_maxlen300']);
    expect(pairs(triggerOnset(recursive, { on: 2, off: 0.5, maxLength: 300, maxLengthDelete: true }))).toEqual(fixture.onsets['recursive_2_0.5_maxlen300_delete']);
  });

  it('returns nothing when the threshold is never exceeded', () => {
    expect(triggerOnset([0, 1, 2], { on: 5, off: 1 })).toEqual([]);
  });
});
