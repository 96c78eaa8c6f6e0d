export * from './blob-store';
export * from './fs-blob-store';
export * from './minio-blob-store';
export * from './create-blob-store';
export * from './stage-cache';
export * from './tensor-io';
