import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FsBlobStore, type BlobStore } from '@seisdec/store';
import { walkSdsArchive, type QuarantineEntry } from './sds-archive';
import { LUHU_SDS } from './testing/fixtures';

const luhu = new FsBlobStore(LUHU_SDS);

describe('walkSdsArchive over FsBlobStore(data/luhu/sds)', () => {
  it('yields every selected station-day as continuous 100 Hz traces', async () => {
    const walk = walkSdsArchive(luhu, { patterns: ['TW.LH0?.*.EH?'] });
    let days = 0;
    for await (const day of walk) {
      days++;
      expect(day.segments).toHaveLength(1);
      expect(day.gaps).toEqual([]);
      const [trace] = day.segments;
      expect(trace!.id).toBe(day.file.id);
      expect(trace!.sampleRate).toBe(100);
      expect(trace!.data.length).toBe(480_001); // 80 minutes and one sample
    }
    expect(days).toBe(30);
    expect(walk.quarantine).toEqual([]);
  });

  it('trims to the UTC range: 13:00 to 13:10 is 60 000 samples from 13:00:00', async () => {
    const days = [];
    for await (const day of walkSdsArchive(luhu, { patterns: ['TW.LH0[12].00.EHZ'], start: '2020-03-28T13:00:00Z', end: '2020-03-28T13:10:00Z' })) days.push(day);
    expect(days.map((d) => d.file.station)).toEqual(['LH01', 'LH02']);
    for (const day of days) {
      expect(day.segments[0]!.startNs).toBe(BigInt(Date.UTC(2020, 2, 28, 13)) * 1_000_000n);
      expect(day.segments[0]!.data.length).toBe(60_000);
    }
  });

  it('fetches one file at a time: nothing is read before the consumer asks for the next day', async () => {
    const fetched: string[] = [];
    const counting: BlobStore = Object.create(luhu, {
      get: { value: (key: string) => (fetched.push(key), luhu.get(key)) },
    });
    const iterator = walkSdsArchive(counting, { patterns: ['TW.LH01.00.*'] })[Symbol.asyncIterator]();
    expect(fetched).toEqual([]);
    const first = await iterator.next();
    expect(fetched).toEqual([first.value.file.key]);
    await iterator.next();
    expect(fetched).toHaveLength(2);
  });
});

describe('walkSdsArchive quarantine', () => {
  let root: string;
  let store: FsBlobStore;
  const source = (key: string) => readFileSync(path.join(LUHU_SDS, key));
  const lh01z = '2020/TW/LH01/EHZ.D/TW.LH01.00.EHZ.D.2020.088';
  const lh01n = '2020/TW/LH01/EHN.D/TW.LH01.00.EHN.D.2020.088';
  const lh01e = '2020/TW/LH01/EHE.D/TW.LH01.00.EHE.D.2020.088';
  const lh02z = '2020/TW/LH02/EHZ.D/TW.LH02.00.EHZ.D.2020.088';
  const lh03z = '2020/TW/LH03/EHZ.D/TW.LH03.00.EHZ.D.2020.088';

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'seismic-io-quarantine-'));
    store = new FsBlobStore(root);
    await store.put(lh01z, source(lh01z));
    await store.put(lh01n, source(lh01n).subarray(0, 10_000)); // truncated in record 3
    await store.put(lh01e, new Uint8Array(0)); // empty
    const flipped = Uint8Array.from(source(lh02z));
    flipped[4096 + 6] = 0x21; // record 2 loses its data-quality indicator
    await store.put(lh02z, flipped);
    await store.put(lh03z, source(lh03z));
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('sets corrupt files aside with key, offset and reason, and carries on', async () => {
    const seen: QuarantineEntry[] = [];
    const walk = walkSdsArchive(store, { onQuarantine: (entry) => seen.push(entry) });
    const good: string[] = [];
    for await (const day of walk) good.push(day.file.key);
    expect(good).toEqual([lh01z, lh03z]);
    expect(walk.quarantine.map(({ key, offset, problem }) => ({ key, offset, problem }))).toEqual([
      { key: lh01e, offset: 0, problem: 'empty' },
      { key: lh01n, offset: 8192, problem: 'truncated' },
      { key: lh02z, offset: 4096, problem: 'bad-header' },
    ]);
    expect(walk.quarantine[1]!.reason).toBe(`${lh01n}: byte 8192: truncated: expected a 4096-byte record (blockette 1000), found only 1808 bytes left in the file`);
    expect(walk.quarantine.every((e) => e.location === store.location)).toBe(true);
    expect(seen).toEqual(walk.quarantine);
  });

  it('quarantines a file that vanishes between listing and reading', async () => {
    const vanishing: BlobStore = Object.create(store, {
      get: { value: async (key: string) => (key === lh03z ? (await store.delete(key), store.get(key)) : store.get(key)) },
    });
    const walk = walkSdsArchive(vanishing, { patterns: ['TW.LH03.*.*'] });
    for await (const _ of walk) throw new Error('nothing should be yielded');
    expect(walk.quarantine).toEqual([expect.objectContaining({ key: lh03z, problem: 'missing', offset: 0 })]);
    await store.put(lh03z, source(lh03z));
  });

  it('does not hide store failures as quarantine', async () => {
    const broken: BlobStore = Object.create(store, { get: { value: async () => Promise.reject(new Error('connection refused')) } });
    const walk = walkSdsArchive(broken, { patterns: ['TW.LH03.*.*'] });
    await expect((async () => { for await (const _ of walk) void _; })()).rejects.toThrow('connection refused');
  });
});
