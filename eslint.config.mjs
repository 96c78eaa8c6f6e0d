// Lint rules that carry architecture:
// 1. @nx/enforce-module-boundaries with a tag matrix: which kind of project may import which.
// 2. Temporal determinism for workflows/: no Node built-ins, no I/O clients, no floating promises.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const temporalNonWorkflow = ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'];
const ioClients = ['minio', '@tensorflow/*', 'pino', 'fft.js', 'ml-kmeans', 'seisplotjs'];

/** Who may import whom. Every project carries exactly one `type:` tag. */
export const depConstraints = [
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: ['type:workflows', 'type:contract', 'type:numeric', 'type:io', 'type:model', 'type:runtime', 'type:tool'],
  },
  {
    // Worker plumbing shared by the worker apps: Temporal connection, bundling, health, logging.
    sourceTag: 'type:runtime',
    onlyDependOnLibsWithTags: ['type:runtime', 'type:contract', 'type:io'],
  },
  {
    // Workflows run in Temporal's deterministic sandbox: contracts only, no clients of anything.
    sourceTag: 'type:workflows',
    onlyDependOnLibsWithTags: ['type:contract'],
    bannedExternalImports: [...temporalNonWorkflow, ...ioClients],
  },
  {
    sourceTag: 'type:contract',
    onlyDependOnLibsWithTags: ['type:contract'],
    allowedExternalImports: ['zod'],
  },
  {
    // Numeric kernels are pure: typed arrays in, typed arrays out.
    sourceTag: 'type:numeric',
    onlyDependOnLibsWithTags: ['type:numeric'],
    bannedExternalImports: ['@temporalio/*', 'minio', '@tensorflow/*'],
  },
  {
    sourceTag: 'type:io',
    onlyDependOnLibsWithTags: ['type:io', 'type:contract', 'type:numeric'],
    bannedExternalImports: ['@temporalio/*', '@tensorflow/*'],
  },
  {
    sourceTag: 'type:model',
    onlyDependOnLibsWithTags: ['type:model', 'type:numeric', 'type:io', 'type:contract'],
    bannedExternalImports: ['@temporalio/*', 'minio'],
  },
  {
    // Developer tooling (dev stack, fixtures, lint checks); may use Temporal/MinIO clients.
    sourceTag: 'type:tool',
    onlyDependOnLibsWithTags: ['type:tool', 'type:io', 'type:contract'],
  },
];

export default [
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/.nx/**', '**/coverage/**', 'tmp/**', '**/*.cjs', '**/.venv/**', 'test-artifacts/**'],
  },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints,
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // With noUncheckedIndexedAccess, `a[i]!` inside bounds-checked typed-array loops is the idiom.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.spec.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({ name, message: 'Workflows must be deterministic: no Node built-ins (use activities for I/O).' })),
            ...temporalNonWorkflow.map((name) => ({ name, message: 'Workflows import only @temporalio/workflow and contracts.', allowTypeImports: true })),
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() loops from @temporalio/workflow.' },
        { name: 'process', message: 'Workflows must not read the process environment.' },
      ],
    },
  },
];
