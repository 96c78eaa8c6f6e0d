import { z } from 'zod';

/** Where a process finds Temporal. */
export const TemporalConnectionSchema = z.object({
  address: z.string().regex(/^[^\s:]+:\d+$/, 'expected host:port, e.g. 127.0.0.1:7233'),
  namespace: z.string().min(1).default('default'),
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
  const temporal = TemporalConnectionSchema.parse({ address: e.SEISDEC_TEMPORAL_ADDRESS, namespace: e.SEISDEC_TEMPORAL_NAMESPACE });
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

const envNames: Record<string, string> = {
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
