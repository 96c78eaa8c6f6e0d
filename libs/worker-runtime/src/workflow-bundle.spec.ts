import { bundleWorkflowCode } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { workflowBundlerOptions, workflowsPath, workspaceRoot } from './workflow-bundle';
import { runWorkerService } from './run-worker';

describe('workflow bundling', () => {
  it('maps every tsconfig alias to an existing file', async () => {
    const config = workflowBundlerOptions().webpackConfigHook!({ resolve: { alias: {} } });
    const alias = config.resolve?.alias as Record<string, string>;
    expect(alias['@seisdec/contracts$']).toBe(path.join(workspaceRoot, 'libs/contracts/src/index.ts'));
    for (const target of Object.values(alias)) expect(existsSync(target)).toBe(true);
  });

  it('bundles the workflows (Temporal refuses non-deterministic imports at this step)', async () => {
    const quiet = () => undefined;
    const logger = { info: quiet, warn: quiet, error: quiet, debug: quiet, trace: quiet, log: quiet };
    const { code } = await bundleWorkflowCode({ workflowsPath, ...workflowBundlerOptions(), logger });
    expect(code).toContain('stageArchive');
    expect(code).toContain('seisdec-ingest');
  }, 120_000);
});

describe('runWorkerService', () => {
  it('rejects a bad environment naming the variable, before connecting anywhere', async () => {
    await expect(runWorkerService({ service: 't', taskQueue: 'q' }, { SEISDEC_HEALTH_PORT: 'eighty' })).rejects.toThrow(/SEISDEC_HEALTH_PORT/);
    await expect(runWorkerService({ service: 't', taskQueue: 'q' }, { SEISDEC_SHUTDOWN_GRACE: 'soon' })).rejects.toThrow(/SEISDEC_SHUTDOWN_GRACE: expected a duration/);
    await expect(runWorkerService({ service: 't', taskQueue: 'q' }, {})).rejects.toThrow(/SEISDEC_MINIO_ACCESS_KEY/);
  });
});
