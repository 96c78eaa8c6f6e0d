import { connectionsFromEnv, TemporalConnectionSchema } from './connection';

describe('connectionsFromEnv', () => {
  const minioEnv = { SEISDEC_MINIO_ACCESS_KEY: 'access-key', SEISDEC_MINIO_SECRET_KEY: 'secret-key-123' };

  it('applies defaults for a local MinIO and Temporal', () => {
    expect(connectionsFromEnv(minioEnv)).toEqual({
      temporal: { address: '127.0.0.1:7233', namespace: 'default' },
      store: { kind: 'minio', endPoint: '127.0.0.1', port: 9000, useSSL: false, accessKey: 'access-key', secretKey: 'secret-key-123', bucket: 'seisdec' },
    });
  });

  it('reads every variable', () => {
    const c = connectionsFromEnv({
      ...minioEnv,
      SEISDEC_TEMPORAL_ADDRESS: 'temporal.svc:7233',
      SEISDEC_TEMPORAL_NAMESPACE: 'seismo',
      SEISDEC_MINIO_ENDPOINT: 'minio.svc',
      SEISDEC_MINIO_PORT: '443',
      SEISDEC_MINIO_USE_SSL: 'true',
      SEISDEC_BUCKET: 'eruption-2021',
    });
    expect(c.temporal).toEqual({ address: 'temporal.svc:7233', namespace: 'seismo' });
    expect(c.store).toMatchObject({ endPoint: 'minio.svc', port: 443, useSSL: true, bucket: 'eruption-2021' });
  });

  it('selects a filesystem store', () => {
    expect(connectionsFromEnv({ SEISDEC_STORE_KIND: 'fs', SEISDEC_STORE_ROOT: '/data/store' }).store).toEqual({ kind: 'fs', root: '/data/store' });
  });

  it('names the variable at fault', () => {
    expect(() => connectionsFromEnv({})).toThrow(/SEISDEC_MINIO_ACCESS_KEY/);
    expect(() => connectionsFromEnv({ ...minioEnv, SEISDEC_MINIO_PORT: '99999' })).toThrow(/SEISDEC_MINIO_PORT/);
    expect(() => connectionsFromEnv({ ...minioEnv, SEISDEC_BUCKET: 'Bad_Bucket' })).toThrow(/SEISDEC_BUCKET: expected an S3 bucket name/);
    expect(() => connectionsFromEnv({ SEISDEC_STORE_KIND: 'fs' })).toThrow(/SEISDEC_STORE_ROOT/);
    expect(() => connectionsFromEnv({ ...minioEnv, SEISDEC_STORE_KIND: 'ftp' })).toThrow(/SEISDEC_STORE_KIND/);
    expect(() => connectionsFromEnv({ ...minioEnv, SEISDEC_TEMPORAL_ADDRESS: 'no-port' })).toThrow(/expected host:port/);
  });

  it('reads Temporal TLS and API-key settings; any TLS file turns TLS on', () => {
    expect(connectionsFromEnv({ ...minioEnv, SEISDEC_TEMPORAL_TLS: 'true' }).temporal).toEqual({ address: '127.0.0.1:7233', namespace: 'default', tls: {} });
    const c = connectionsFromEnv({
      ...minioEnv,
      SEISDEC_TEMPORAL_ADDRESS: 'ns.tmprl.cloud:7233',
      SEISDEC_TEMPORAL_TLS_CA: '/tls/ca.pem',
      SEISDEC_TEMPORAL_TLS_CERT: '/tls/client.pem',
      SEISDEC_TEMPORAL_TLS_KEY: '/tls/client.key',
      SEISDEC_TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    });
    expect(c.temporal.tls).toEqual({ caPath: '/tls/ca.pem', certPath: '/tls/client.pem', keyPath: '/tls/client.key', serverName: 'temporal.internal' });
    expect(connectionsFromEnv({ ...minioEnv, SEISDEC_TEMPORAL_TLS: 'true', SEISDEC_TEMPORAL_API_KEY: 'key-1' }).temporal.apiKey).toBe('key-1');
    expect(connectionsFromEnv({ ...minioEnv, SEISDEC_TEMPORAL_TLS_CA: '' }).temporal.tls).toBeUndefined();
  });

  it('rejects inconsistent Temporal TLS settings, naming the variable', () => {
    expect(() => connectionsFromEnv({ ...minioEnv, SEISDEC_TEMPORAL_TLS_CERT: '/tls/client.pem' })).toThrow(/SEISDEC_TEMPORAL_TLS_CERT.*SEISDEC_TEMPORAL_TLS_KEY/);
    expect(() => connectionsFromEnv({ ...minioEnv, SEISDEC_TEMPORAL_API_KEY: 'key-1' })).toThrow(/SEISDEC_TEMPORAL_API_KEY: .*SEISDEC_TEMPORAL_TLS=true/);
    expect(() => connectionsFromEnv({ ...minioEnv, SEISDEC_TEMPORAL_TLS: 'false', SEISDEC_TEMPORAL_TLS_CA: '/tls/ca.pem' })).toThrow(/SEISDEC_TEMPORAL_TLS: is "false"/);
    expect(() => connectionsFromEnv({ ...minioEnv, SEISDEC_TEMPORAL_TLS: 'yes' })).toThrow(/SEISDEC_TEMPORAL_TLS/);
  });

  it('validates Temporal addresses', () => {
    expect(TemporalConnectionSchema.safeParse({ address: 'localhost:7233' }).success).toBe(true);
    expect(TemporalConnectionSchema.safeParse({ address: 'localhost' }).success).toBe(false);
  });
});
