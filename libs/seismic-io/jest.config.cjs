// Two Jest projects: the unit suite (no servers), and the SDS walk over the real MinIO, which needs
// the dev stack's global setup (it reuses the stack named by SEISDEC_STACK_PROFILE, as test:all does,
// or starts a private one). Reporters live at the top level because Jest only reads them there.
const { projectJestConfig } = require('../../jest.preset.cjs');

const MINIO_SPECS = '\\.minio\\.spec\\.ts$';
const withoutReporters = ({ reporters, ...config }) => config;
const unit = projectJestConfig(__dirname);
const withMinio = projectJestConfig(__dirname, { devStack: true });

module.exports = {
  ...(unit.reporters ? { reporters: unit.reporters } : {}),
  projects: [
    { ...withoutReporters(unit), testPathIgnorePatterns: [...unit.testPathIgnorePatterns, MINIO_SPECS] },
    { ...withoutReporters(withMinio), displayName: `${withMinio.displayName} (MinIO)`, testMatch: ['<rootDir>/**/*.minio.spec.ts'] },
  ],
};
