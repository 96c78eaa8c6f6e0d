export * from './workflow-bundle';
export * from './logger';
export * from './health';
export * from './run-worker';
export * from './activity-support';
export * from './temporal-connect-options';
