import { z } from 'zod';
import type { SeisdecEnv } from '@seisdec/contracts';

/** What `dev up` records in `<stack dir>/state.json`: enough for `down`, `status` and clients. */
export const StackStateSchema = z.object({
  profile: z.string(),
  startedAt: z.string(),
  temporal: z.object({
    pid: z.number().int(),
    binary: z.string(),
    version: z.string(),
    address: z.string(),
    port: z.number().int(),
    uiPort: z.number().int(),
    httpPort: z.number().int(),
    metricsPort: z.number().int(),
    uiUrl: z.string(),
    namespace: z.string(),
    dbFile: z.string(),
    logFile: z.string(),
  }),
  minio: z.object({
    pid: z.number().int(),
    binary: z.string(),
    version: z.string(),
    endPoint: z.string(),
    port: z.number().int(),
    consolePort: z.number().int(),
    consoleUrl: z.string(),
    dataDir: z.string(),
    logFile: z.string(),
    bucket: z.string(),
  }),
});
export type StackState = z.infer<typeof StackStateSchema>;

export const CredentialsSchema = z.object({ accessKey: z.string().min(3), secretKey: z.string().min(8) });
export type Credentials = z.infer<typeof CredentialsSchema>;

/** Variables a dev stack never sets: it stores in MinIO and serves Temporal in plaintext on loopback. */
type NotForDevStack =
  | 'SEISDEC_STORE_ROOT'
  | 'SEISDEC_TEMPORAL_TLS'
  | 'SEISDEC_TEMPORAL_TLS_CA'
  | 'SEISDEC_TEMPORAL_TLS_CERT'
  | 'SEISDEC_TEMPORAL_TLS_KEY'
  | 'SEISDEC_TEMPORAL_TLS_SERVER_NAME'
  | 'SEISDEC_TEMPORAL_API_KEY';

/** The SEISDEC_* variables that point a seisdec process at this stack. */
export function stackEnv(state: StackState, credentials: Credentials): Required<Omit<SeisdecEnv, NotForDevStack>> {
  return {
    SEISDEC_TEMPORAL_ADDRESS: state.temporal.address,
    SEISDEC_TEMPORAL_NAMESPACE: state.temporal.namespace,
    SEISDEC_STORE_KIND: 'minio',
    SEISDEC_MINIO_ENDPOINT: state.minio.endPoint,
    SEISDEC_MINIO_PORT: String(state.minio.port),
    SEISDEC_MINIO_USE_SSL: 'false',
    SEISDEC_MINIO_ACCESS_KEY: credentials.accessKey,
    SEISDEC_MINIO_SECRET_KEY: credentials.secretKey,
    SEISDEC_BUCKET: state.minio.bucket,
  };
}
