const path = require('node:path');
const { projectJestConfig, workspaceRoot } = require('../../jest.preset.cjs');

// vega and vega-lite (the report's plotting library) and their d3 dependencies ship as ES modules
// only; Jest runs CommonJS, so they are transformed like seisplotjs is in the preset. vega-canvas's
// Node build probes for the optional `canvas` package with a top-level await, which CommonJS cannot
// express; its browser build is the same module minus that probe (and `canvas` is not installed, so
// the probe finds nothing either way: rendering is SVG only).
const esmOnly = ['seisplotjs', 'vega[^/]*', 'd3-[^/]*', 'internmap', 'delaunator', 'robust-predicates', 'json-stringify-pretty-compact'];
const base = projectJestConfig(__dirname, { devStack: true });

module.exports = {
  ...base,
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleNameMapper: {
    ...base.moduleNameMapper,
    '^vega-canvas$': path.join(workspaceRoot, 'node_modules/vega-canvas/build/vega-canvas.browser.js'),
  },
};
