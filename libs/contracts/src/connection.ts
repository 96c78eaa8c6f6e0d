import { z } from 'zod';

/**
 * TLS towards Temporal (a TLS-terminating ingress, mTLS on a self-hosted cluster, Temporal Cloud).
 * Paths to PEM files, read by the process that connects (libs/worker-runtime, the CLI); the system's
 * CAs are used when `caPath` is absent. A client certificate needs its key and vice versa.
 */
export const TemporalTlsSchema = z
  .object({
    caPath: z.string().min(1).optional(),
    certPath: z.string().min(1).optional(),
    keyPath: z.string().min(1).optional(),
    /** Name to verify the server certificate against, when it differs from the address's host. */
    serverName: z.string().min(1).optional(),
  })
  .refine((tls) => (tls.certPath === undefined) === (tls.keyPath === undefined), {
    message: 'a client certificate (SEISDEC_TEMPORAL_TLS_CERT) and its key (SEISDEC_TEMPORAL_TLS_KEY) go together',
    path: ['certPath'],
  });
export type TemporalTls = z.infer<typeof TemporalTlsSchema>;

/** Where a process finds Temporal. */
export const TemporalConnectionSchema = z.object({
  address: z.string().regex(/^[^\s:]+:\d+$/, 'expected host:port, e.g. 127.0.0.1:7233'),
  namespace: z.string().min(1).default('default'),
  /** Absent: plaintext (the dev stack, an in-cluster service without TLS). */
  tls: TemporalTlsSchema.optional(),
  /** Sent as `Authorization: Bearer <key>` (Temporal Cloud API keys); requires TLS. */
  apiKey: z.string().min(1).optional(),
}).refine((c) => c.apiKey === undefined || c.tls !== undefined, {
  message: 'an API key (SEISDEC_TEMPORAL_API_KEY) is only sent over TLS: set SEISDEC_TEMPORAL_TLS=true',
  path: ['apiKey'],
});
export type TemporalConnection = z.infer<typeof TemporalConnectionSchema>;

/** S3-compatible object store (MinIO) holding archives and every stage output. */
export const MinioConnectionSchema = z.object({
  kind: z.literal('minio'),
  endPoint: z.string().min(1),
  port: z.coerce.number().int().min(1).max(65535),
  useSSL: z.boolean().default(false),
  accessKey: z.string().min(3),
  secretKey: z.string().min(8),
  bucket: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name: 3-63 lowercase letters, digits, dots, hyphens'),
});
export type MinioConnection = z.infer<typeof MinioConnectionSchema>;

/** A directory used as the object store (laptop runs, tests, a shared filesystem). */
export const FsStoreConnectionSchema = z.object({
  kind: z.literal('fs'),
  root: z.string().min(1),
});
export type FsStoreConnection = z.infer<typeof FsStoreConnectionSchema>;

export const BlobStoreConnectionSchema = z.discriminatedUnion('kind', [MinioConnectionSchema, FsStoreConnectionSchema]);
export type BlobStoreConnection = z.infer<typeof BlobStoreConnectionSchema>;

/**
 * Environment variables shared by every seisdec process (workers, CLI, tests). The dev stack writes
 * them to `<stack dir>/env` and Kubernetes sets them from ConfigMaps and Secrets.
 */
export const SeisdecEnvSchema = z.object({
  SEISDEC_TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  SEISDEC_TEMPORAL_NAMESPACE: z.string().default('default'),
  /** 'true' turns TLS on; any of the TLS file/name variables below also does. */
  SEISDEC_TEMPORAL_TLS: z.enum(['true', 'false']).optional(),
  SEISDEC_TEMPORAL_TLS_CA: z.string().optional(),
  SEISDEC_TEMPORAL_TLS_CERT: z.string().optional(),
  SEISDEC_TEMPORAL_TLS_KEY: z.string().optional(),
  SEISDEC_TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
  SEISDEC_TEMPORAL_API_KEY: z.string().optional(),
  SEISDEC_STORE_KIND: z.enum(['minio', 'fs']).default('minio'),
  SEISDEC_STORE_ROOT: z.string().optional(),
  SEISDEC_MINIO_ENDPOINT: z.string().default('127.0.0.1'),
  SEISDEC_MINIO_PORT: z.string().default('9000'),
  SEISDEC_MINIO_USE_SSL: z.enum(['true', 'false']).default('false'),
  SEISDEC_MINIO_ACCESS_KEY: z.string().optional(),
  SEISDEC_MINIO_SECRET_KEY: z.string().optional(),
  SEISDEC_BUCKET: z.string().default('seisdec'),
});
export type SeisdecEnv = z.infer<typeof SeisdecEnvSchema>;

/** Reads and validates connection settings from an environment; errors name the variable at fault. */
export function connectionsFromEnv(env: Record<string, string | undefined>): {
  temporal: TemporalConnection;
  store: BlobStoreConnection;
} {
  const parsed = SeisdecEnvSchema.safeParse(env);
  if (!parsed.success) throw new Error(`invalid environment: ${formatIssues(parsed.error)}`);
  const e = parsed.data;
  const temporal = temporalFromEnv(e);
  const candidate =
    e.SEISDEC_STORE_KIND === 'fs'
      ? { kind: 'fs', root: e.SEISDEC_STORE_ROOT }
      : {
          kind: 'minio',
          endPoint: e.SEISDEC_MINIO_ENDPOINT,
          port: e.SEISDEC_MINIO_PORT,
          useSSL: e.SEISDEC_MINIO_USE_SSL === 'true',
          accessKey: e.SEISDEC_MINIO_ACCESS_KEY,
          secretKey: e.SEISDEC_MINIO_SECRET_KEY,
          bucket: e.SEISDEC_BUCKET,
        };
  const store = BlobStoreConnectionSchema.safeParse(candidate);
  if (!store.success) throw new Error(`invalid object-store environment: ${formatIssues(store.error, envNameOf)}`);
  return { temporal, store: store.data };
}

function temporalFromEnv(e: SeisdecEnv): TemporalConnection {
  const tlsFields = { caPath: e.SEISDEC_TEMPORAL_TLS_CA, certPath: e.SEISDEC_TEMPORAL_TLS_CERT, keyPath: e.SEISDEC_TEMPORAL_TLS_KEY, serverName: e.SEISDEC_TEMPORAL_TLS_SERVER_NAME };
  const anyTlsField = Object.values(tlsFields).some((v) => v !== undefined && v !== '');
  if (e.SEISDEC_TEMPORAL_TLS === 'false' && anyTlsField) {
    throw new Error('invalid environment: SEISDEC_TEMPORAL_TLS: is "false" but SEISDEC_TEMPORAL_TLS_* files or server name are set');
  }
  const useTls = e.SEISDEC_TEMPORAL_TLS === 'true' || anyTlsField;
  const defined = Object.fromEntries(Object.entries(tlsFields).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = TemporalConnectionSchema.safeParse({
    address: e.SEISDEC_TEMPORAL_ADDRESS,
    namespace: e.SEISDEC_TEMPORAL_NAMESPACE,
    ...(useTls ? { tls: defined } : {}),
    ...(e.SEISDEC_TEMPORAL_API_KEY ? { apiKey: e.SEISDEC_TEMPORAL_API_KEY } : {}),
  });
  if (!parsed.success) throw new Error(`invalid Temporal environment: ${formatIssues(parsed.error, envNameOf)}`);
  return parsed.data;
}

const envNames: Record<string, string> = {
  address: 'SEISDEC_TEMPORAL_ADDRESS',
  namespace: 'SEISDEC_TEMPORAL_NAMESPACE',
  'tls.caPath': 'SEISDEC_TEMPORAL_TLS_CA',
  'tls.certPath': 'SEISDEC_TEMPORAL_TLS_CERT',
  'tls.keyPath': 'SEISDEC_TEMPORAL_TLS_KEY',
  'tls.serverName': 'SEISDEC_TEMPORAL_TLS_SERVER_NAME',
  apiKey: 'SEISDEC_TEMPORAL_API_KEY',
  root: 'SEISDEC_STORE_ROOT',
  endPoint: 'SEISDEC_MINIO_ENDPOINT',
  port: 'SEISDEC_MINIO_PORT',
  accessKey: 'SEISDEC_MINIO_ACCESS_KEY',
  secretKey: 'SEISDEC_MINIO_SECRET_KEY',
  bucket: 'SEISDEC_BUCKET',
};
function envNameOf(field: string): string {
  return envNames[field] ?? field;
}

/** One line per issue: `FIELD: message`. */
export function formatIssues(error: z.ZodError, rename: (field: string) => string = (f) => f): string {
  return error.issues.map((i) => `${rename(i.path.join('.') || '(root)')}: ${i.message}`).join('; ');
}
