import { FsBlobStore } from '@seisdec/store';
import { listSdsFiles, parseSdsKey } from './sds';
import { LUHU_SDS } from './testing/fixtures';

const store = new FsBlobStore(LUHU_SDS);

async function keys(selection: Parameters<typeof listSdsFiles>[1]): Promise<string[]> {
  const out: string[] = [];
  for await (const file of listSdsFiles(store, selection)) out.push(file.key);
  return out;
}

describe('parseSdsKey', () => {
  it('reads the codes, type, year and day of an SDS path', () => {
    expect(parseSdsKey('2020/TW/LH01/EHZ.D/TW.LH01.00.EHZ.D.2020.088')).toEqual({
      key: '2020/TW/LH01/EHZ.D/TW.LH01.00.EHZ.D.2020.088',
      network: 'TW',
      station: 'LH01',
      location: '00',
      channel: 'EHZ',
      id: 'TW.LH01.00.EHZ',
      type: 'D',
      year: 2020,
      dayOfYear: 88,
      dayStartNs: BigInt(Date.UTC(2020, 2, 28)) * 1_000_000n,
      size: 0,
    });
    expect(parseSdsKey('2020/TW/LH01/EHZ.D/TW.LH01..EHZ.D.2020.088')?.location).toBe('');
  });

  it.each([
    ['README.md'],
    ['2020/TW/LH01/EHZ.D/TW.LH01.00.EHZ.D.2020.088.tmp'],
    ['2020/TW/LH02/EHZ.D/TW.LH01.00.EHZ.D.2020.088'], // station directory disagrees
    ['2019/TW/LH01/EHZ.D/TW.LH01.00.EHZ.D.2020.088'], // year directory disagrees
    ['2020/TW/LH01/EHZ.D/TW.LH01.00.EHZ.D.2020.400'],
  ])('skips %s', (key) => {
    expect(parseSdsKey(key)).toBeUndefined();
  });
});

describe('listSdsFiles over FsBlobStore(data/luhu/sds)', () => {
  it('finds all 30 station-day files with TW.LH0?.*.EH?, day by day then by channel', async () => {
    const all = await keys({ patterns: ['TW.LH0?.*.EH?'] });
    expect(all).toHaveLength(30);
    expect(all.slice(0, 3)).toEqual([
      '2020/TW/LH01/EHE.D/TW.LH01.00.EHE.D.2020.088',
      '2020/TW/LH01/EHN.D/TW.LH01.00.EHN.D.2020.088',
      '2020/TW/LH01/EHZ.D/TW.LH01.00.EHZ.D.2020.088',
    ]);
    expect(all.slice(0, 15).every((k) => k.endsWith('.088'))).toBe(true);
    expect(all.slice(15).every((k) => k.endsWith('.097'))).toBe(true);
  });

  it('selects by several patterns and by a UTC time range', async () => {
    const selected = await keys({ patterns: ['TW.LH01.*.EHZ', 'TW.LH05.00.EHN'], start: '2020-03-28T13:00:00Z', end: '2020-03-28T13:10:00Z' });
    expect(selected).toEqual(['2020/TW/LH01/EHZ.D/TW.LH01.00.EHZ.D.2020.088', '2020/TW/LH05/EHN.D/TW.LH05.00.EHN.D.2020.088']);
    expect(await keys({ patterns: ['*.*.*.EHZ'], start: '2020-04-06', end: '2020-04-07' })).toHaveLength(5);
    expect(await keys({ start: '2021-01-01', end: '2021-02-01' })).toEqual([]);
  });

  it('includes a day file when the range only touches part of that day', async () => {
    const selected = await keys({ patterns: ['TW.LH01.00.EHZ'], start: '2020-03-28T23:59:59Z', end: '2020-04-06T00:00:01Z' });
    expect(selected.map((k) => k.slice(-3))).toEqual(['088', '097']);
  });

  it('reports the file size and other types only on request', async () => {
    const [file] = await (async () => {
      const out = [];
      for await (const f of listSdsFiles(store, { patterns: ['TW.LH01.00.EHZ'], start: '2020-03-28', end: '2020-03-29' })) out.push(f);
      return out;
    })();
    expect(file!.size).toBe(528_384);
    expect(await keys({ type: 'R' })).toEqual([]);
  });
});
