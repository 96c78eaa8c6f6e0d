// Every workflow the orchestrator worker registers. Deterministic code only: imports are limited to
// @temporalio/workflow and @seisdec/contracts (enforced by lint).
export { stageArchive, progressQuery } from './stage-archive';
