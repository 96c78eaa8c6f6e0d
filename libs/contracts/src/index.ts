export * from './task-queues';
export * from './search-attributes';
export * from './connection';
export * from './stage-archive';
export * from './reprocess';
