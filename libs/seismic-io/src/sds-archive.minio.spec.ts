import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { connectionsFromEnv, type MinioConnection } from '@seisdec/contracts';
import { FsBlobStore, MinioBlobStore } from '@seisdec/store';
import { Client } from 'minio';
import { walkSdsArchive, type StationDay } from './sds-archive';
import { LUHU_SDS, sha256OfSamples } from './testing/fixtures';

// Runs in the "libs/seismic-io (MinIO)" Jest project: the dev stack's global setup started or found
// the real MinIO server and exported its connection in SEISDEC_* variables. Nothing is mocked.
const { store: connection } = connectionsFromEnv(process.env);
if (connection.kind !== 'minio') throw new Error('these tests need SEISDEC_STORE_KIND=minio');
const minio: MinioConnection = { ...connection, bucket: `seismic-io-${randomBytes(5).toString('hex')}` };
const bucketStore = new MinioBlobStore(minio);
const local = new FsBlobStore(LUHU_SDS);
const PATTERN = 'TW.LH01.00.EH?';

async function collect(walk: AsyncIterable<StationDay>): Promise<StationDay[]> {
  const days: StationDay[] = [];
  for await (const day of walk) days.push(day);
  return days;
}

beforeAll(async () => {
  // The LH01 files (6 station-days) under an `sds/` prefix, plus one damaged object.
  for await (const info of local.list('2020/TW/LH01/')) await bucketStore.putFile(`sds/${info.key}`, path.join(LUHU_SDS, info.key));
  const damaged = Uint8Array.from(await local.get('2020/TW/LH02/EHZ.D/TW.LH02.00.EHZ.D.2020.097'));
  damaged[2 * 4096 + 6] = 0x3f;
  await bucketStore.put('sds/2020/TW/LH02/EHZ.D/TW.LH02.00.EHZ.D.2020.097', damaged);
});

afterAll(async () => {
  const client = new Client({ endPoint: minio.endPoint, port: minio.port, useSSL: minio.useSSL, accessKey: minio.accessKey, secretKey: minio.secretKey });
  if (!(await client.bucketExists(minio.bucket))) return;
  const names: string[] = [];
  for await (const item of client.listObjectsV2(minio.bucket, '', true) as AsyncIterable<{ name?: string }>) if (item.name) names.push(item.name);
  if (names.length) await client.removeObjects(minio.bucket, names);
  await client.removeBucket(minio.bucket);
});

describe('walkSdsArchive over the real MinIO', () => {
  it('yields the same station-days and samples as the directory walk', async () => {
    const fromBucket = await collect(walkSdsArchive(bucketStore, { root: 'sds', patterns: [PATTERN] }));
    const fromDisk = await collect(walkSdsArchive(local, { patterns: [PATTERN] }));
    expect(fromBucket.map((d) => d.file.key)).toEqual(fromDisk.map((d) => `sds/${d.file.key}`));
    expect(fromBucket).toHaveLength(6);
    fromBucket.forEach((day, i) => {
      const disk = fromDisk[i]!;
      expect(day.segments).toHaveLength(1);
      expect(day.segments[0]!.startNs).toBe(disk.segments[0]!.startNs);
      // Compared by checksum: Jest's toEqual walks 480 001 elements one by one (seconds per trace).
      expect(sha256OfSamples(day.segments[0]!.data)).toBe(sha256OfSamples(disk.segments[0]!.data));
    });
  });

  it('narrows by time range and quarantines the damaged object with its MinIO location', async () => {
    const walk = walkSdsArchive(bucketStore, { root: 'sds/', patterns: ['TW.LH0[12].00.EHZ'], start: '2020-04-06T21:00:00Z', end: '2020-04-06T21:01:00Z' });
    const days = await collect(walk);
    expect(days.map((d) => [d.file.id, d.segments[0]!.data.length])).toEqual([['TW.LH01.00.EHZ', 6000]]);
    expect(walk.quarantine).toEqual([
      {
        key: 'sds/2020/TW/LH02/EHZ.D/TW.LH02.00.EHZ.D.2020.097',
        location: bucketStore.location,
        offset: 8192,
        problem: 'bad-header',
        reason: expect.stringMatching(/^sds\/2020\/TW\/LH02\/EHZ\.D\/TW\.LH02\.00\.EHZ\.D\.2020\.097: byte 8192: bad-header: expected a miniSEED record start/),
      },
    ]);
  });
});
