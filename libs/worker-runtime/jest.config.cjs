const { projectJestConfig } = require('../../jest.preset.cjs');

// The TLS spec talks to the real Temporal dev server (through a TLS terminator).
module.exports = projectJestConfig(__dirname, { devStack: true });
