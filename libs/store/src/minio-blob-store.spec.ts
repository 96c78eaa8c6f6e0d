import { randomBytes } from 'node:crypto';
import { connectionsFromEnv, type MinioConnection } from '@seisdec/contracts';
import { Client } from 'minio';
import { MinioBlobStore } from './minio-blob-store';
import { createBlobStore } from './create-blob-store';
import { describeBlobStoreContract } from './testing/blob-store-contract';

// The global setup (tools/devstack) started or found the real MinIO server and exported its
// connection in SEISDEC_* variables; nothing here is mocked.
const { store: connection } = connectionsFromEnv(process.env);
if (connection.kind !== 'minio') throw new Error('these tests need SEISDEC_STORE_KIND=minio');
const minio: MinioConnection = connection;
const buckets: string[] = [];

function freshBucketConnection(): MinioConnection {
  const bucket = `test-${randomBytes(5).toString('hex')}`;
  buckets.push(bucket);
  return { ...minio, bucket };
}

afterAll(async () => {
  const client = new Client({ endPoint: minio.endPoint, port: minio.port, useSSL: minio.useSSL, accessKey: minio.accessKey, secretKey: minio.secretKey });
  for (const bucket of buckets) {
    if (!(await client.bucketExists(bucket))) continue;
    const names: string[] = [];
    for await (const item of client.listObjectsV2(bucket, '', true) as AsyncIterable<{ name?: string }>) if (item.name) names.push(item.name);
    if (names.length) await client.removeObjects(bucket, names);
    await client.removeBucket(bucket);
  }
});

describeBlobStoreContract('MinIO', async () => new MinioBlobStore(freshBucketConnection()));

describe('MinioBlobStore against the real server', () => {
  it('writes, lists and reads back an object through createBlobStore', async () => {
    const store = createBlobStore(freshBucketConnection());
    const payload = randomBytes(64 * 1024);
    await store.put('roundtrip/object.bin', payload);
    const listed: string[] = [];
    for await (const info of store.list('roundtrip/')) listed.push(`${info.key}:${info.size}`);
    expect(listed).toEqual([`roundtrip/object.bin:${payload.length}`]);
    expect((await store.get('roundtrip/object.bin')).equals(payload)).toBe(true);
  });

  it('creates its bucket on first use and names the bucket in its location', async () => {
    const c = freshBucketConnection();
    const store = new MinioBlobStore(c);
    expect(store.location).toBe(`minio://${c.endPoint}:${c.port}/${c.bucket}`);
    await store.put('k', 'v');
    const client = new Client({ endPoint: c.endPoint, port: c.port, useSSL: false, accessKey: c.accessKey, secretKey: c.secretKey });
    expect(await client.bucketExists(c.bucket)).toBe(true);
  });

  it('stores report files with a browser-friendly content type', async () => {
    const c = freshBucketConnection();
    const store = new MinioBlobStore(c);
    await store.put('r/index.html', '<html></html>');
    await store.put('r/fig.svg', '<svg/>');
    await store.put('r/data.bin', new Uint8Array([1]));
    const client = new Client({ endPoint: c.endPoint, port: c.port, useSSL: false, accessKey: c.accessKey, secretKey: c.secretKey });
    expect((await client.statObject(c.bucket, 'r/index.html')).metaData['content-type']).toBe('text/html; charset=utf-8');
    expect((await client.statObject(c.bucket, 'r/fig.svg')).metaData['content-type']).toBe('image/svg+xml');
    expect((await client.statObject(c.bucket, 'r/data.bin')).metaData['content-type']).toBe('application/octet-stream');
  });

  it('fails with the server error on wrong credentials instead of hanging', async () => {
    const store = new MinioBlobStore({ ...freshBucketConnection(), secretKey: 'definitely-wrong-secret' });
    await expect(store.put('k', 'v')).rejects.toThrow(/signature|access|denied|credentials/i);
  });
});
