// Shared Jest configuration: every project's jest.config.cjs calls projectJestConfig(__dirname).
// TypeScript is compiled by SWC (no type checking here: `npm run typecheck` does that), and the
// `@seisdec/*` path aliases come from tsconfig.base.json so there is one source of truth for them.
const path = require('node:path');
const fs = require('node:fs');

const workspaceRoot = __dirname;

const tsconfigPaths = JSON.parse(fs.readFileSync(path.join(workspaceRoot, 'tsconfig.base.json'), 'utf8')).compilerOptions.paths;

function pathAliases() {
  const mapper = {};
  for (const [alias, [target]] of Object.entries(tsconfigPaths)) {
    mapper[`^${alias.replace('*', '(.*)')}$`] = path.join(workspaceRoot, target.replace('*', '$1'));
  }
  return mapper;
}

// ESM-only dependencies that Jest (CommonJS) must transform; add a package here when a test
// fails with "Cannot use import statement outside a module" from node_modules.
const esmPackages = ['seisplotjs'];

const swcTransform = [
  '@swc/jest',
  {
    // SWC rewrites `@seisdec/*` imports to relative paths at compile time, so modules loaded outside
    // Jest's resolver (globalSetup, globalTeardown) resolve the aliases too.
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022', baseUrl: workspaceRoot, paths: tsconfigPaths },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

/**
 * @param {string} projectDir absolute path of the project
 * @param {{ devStack?: boolean, testTimeout?: number }} [options]
 *   devStack: the project's tests talk to the real Temporal + MinIO dev stack, which the global
 *   setup reuses (when SEISDEC_STACK_FILE points at a running one) or starts, and tears down if it started it.
 */
function projectJestConfig(projectDir, options = {}) {
  const { devStack = false, testTimeout = devStack ? 60_000 : 10_000 } = options;
  const config = {
    displayName: path.relative(workspaceRoot, projectDir),
    rootDir: projectDir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/**/*.spec.ts'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    transform: { '^.+\\.[cm]?[tj]sx?$': swcTransform },
    transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
    moduleNameMapper: pathAliases(),
    testTimeout,
  };
  if (process.env.SEISDEC_JEST_RESULTS_DIR) {
    config.reporters = ['default', [path.join(workspaceRoot, 'tools/jest/summary-reporter.cjs'), { dir: process.env.SEISDEC_JEST_RESULTS_DIR, name: config.displayName }]];
  }
  if (devStack) {
    config.globalSetup = path.join(workspaceRoot, 'tools/devstack/src/jest/global-setup.ts');
    config.globalTeardown = path.join(workspaceRoot, 'tools/devstack/src/jest/global-teardown.ts');
  }
  return config;
}

module.exports = { projectJestConfig, workspaceRoot };
