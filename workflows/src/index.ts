// Every workflow the orchestrator worker registers. Deterministic code only: imports are limited to
// @temporalio/workflow, @temporalio/common and @seisdec/contracts (enforced by lint).
export { stageArchive, progressQuery } from './stage-archive';
export { reprocessArchive, reprocessProgressQuery } from './reprocess-archive';
export { kSweep, kSweepProgressQuery } from './k-sweep';
