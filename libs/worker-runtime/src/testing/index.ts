// Test-only helpers (imported as @seisdec/worker-runtime/testing; not part of the services).
export * from './test-workers';
