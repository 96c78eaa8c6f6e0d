// Two Jest projects: the unit suite (no servers), and the SDS walk over the real MinIO, which needs
// the dev stack's global setup (it reuses the stack named by SEISDEC_STACK_PROFILE, as test:all does,
// or starts a private one). Reporters live at the top level because Jest ignores them per project.
const { projectJestConfig } = require('../../jest.preset.cjs');

const unit = projectJestConfig(__dirname);
const withMinio = projectJestConfig(__dirname, { devStack: true });
const MINIO_SPECS = '\\.minio\\.spec\\.ts$';

module.exports = {
  ...(unit.reporters ? { reporters: unit.reporters } : {}),
  projects: [
    { ...unit, reporters: undefined, testPathIgnorePatterns: [...unit.testPathIgnorePatterns, MINIO_SPECS] },
    { ...withMinio, reporters: undefined, displayName: `${withMinio.displayName} (MinIO)`, testMatch: ['<rootDir>/**/*.minio.spec.ts'] },
  ],
};
