import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { BundleOptions } from '@temporalio/worker';

/** Repository root (this file lives at libs/worker-runtime/src). */
export const workspaceRoot = path.resolve(__dirname, '../../..');

/** Entry point of every seisdec workflow. */
export const workflowsPath = path.join(workspaceRoot, 'workflows/src/index.ts');

/**
 * Temporal bundles workflow code with webpack; the `@seisdec/*` aliases of tsconfig.base.json are
 * taught to it here so workflows import contracts exactly as the rest of the code does.
 */
export function workflowBundlerOptions(): Pick<BundleOptions, 'webpackConfigHook'> {
  const tsconfig = JSON.parse(readFileSync(path.join(workspaceRoot, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  const alias: Record<string, string> = {};
  for (const [name, [target]] of Object.entries(tsconfig.compilerOptions.paths)) {
    if (target) alias[`${name}$`] = path.join(workspaceRoot, target);
  }
  return {
    webpackConfigHook: (config) => ({
      ...config,
      resolve: { ...config.resolve, alias: { ...(config.resolve?.alias as Record<string, string> | undefined), ...alias } },
    }),
  };
}
