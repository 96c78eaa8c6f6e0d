import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { buildAutoencoder } from '../architecture/build-autoencoder';
import { initBackend } from '../backend/init-backend';
import { pretrainAutoencoder } from '../training/pretrain';
import { describeNative } from './native-for-tests';
import { SCENARIO_ARCHITECTURE as arch, SCENARIO_OPTIONS as options, scenarioSource, type ScenarioResults } from './resume-scenarios';


const source = scenarioSource();

function expectClose(actual: number[], expected: number[], relative: number): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]!)).toBeLessThanOrEqual(relative * Math.abs(expected[i]!)));
}

function expectSameWeights(a: tf.LayersModel, b: tf.LayersModel, relative: number): void {
  const wa = a.getWeights();
  const wb = b.getWeights();
  wa.forEach((t, i) => {
    const x = t.dataSync();
    const y = wb[i]!.dataSync();
    const scale = Math.max(...Array.from(x, Math.abs));
    expect(Math.max(...Array.from(x, (v, k) => Math.abs(v - y[k]!)))).toBeLessThanOrEqual(relative * scale);
  });
}

describeNative("pretrainAutoencoder engine 'graph'", () => {
  beforeAll(async () => {
    expect((await initBackend({ prefer: 'tensorflow', log: () => undefined })).backend).toBe('tensorflow');
  });

  it('gives the eager history and weights', async () => {
    const eagerModel = buildAutoencoder(arch, { seed: 6 });
    const graphModel = buildAutoencoder(arch, { seed: 6 });
    const eager = await pretrainAutoencoder(eagerModel, source, options);
    const graph = await pretrainAutoencoder(graphModel, source, { ...options, engine: 'graph' });
    expectClose(graph.history.map((r) => r.loss), eager.history.map((r) => r.loss), 1e-4);
    expectClose(graph.history.map((r) => r.valLoss!), eager.history.map((r) => r.valLoss!), 1e-4);
    expect(graph.history.map((r) => r.learningRate)).toEqual(eager.history.map((r) => r.learningRate));
    expect(graph.bestEpoch).toBe(eager.bestEpoch);
    expectSameWeights(graphModel.autoencoder, eagerModel.autoencoder, 1e-4);
  });

  // In a child process: see resume-scenarios.ts for why checkpoints cannot be saved on the native backend under Jest.
  it('resumes checkpoints across engines (graph->graph, eager->graph, graph->eager) like an uninterrupted run', () => {
    const tsx = path.join(path.dirname(require.resolve('tsx/package.json')), 'dist/cli.mjs');
    const out = execFileSync(process.execPath, [tsx, path.join(__dirname, 'resume-scenarios.ts')], {
      encoding: 'utf8',
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' }, // describeNative set SEISDEC_TFJS_NODE_MODULES
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    const line = out.split('\n').find((l) => l.startsWith('RESULT ')) ?? '';
    const results = JSON.parse(line.slice('RESULT '.length)) as ScenarioResults;
    expect(results.backend).toBe('tensorflow');
    expectClose(results.full.graph.losses, results.full.eager.losses, 1e-4);
    expect(results.resumed.map((r) => `${r.before}->${r.after}`)).toEqual(['graph->graph', 'eager->graph', 'graph->eager']);
    for (const r of results.resumed) {
      expect(r.resumedFrom).toBe(2);
      // Same engine as the reference: the same numbers; otherwise within the engines' rounding difference.
      const reference = results.full[r.after];
      const tolerance = r.before === r.after ? 1e-6 : 1e-4;
      expectClose(r.losses, reference.losses, tolerance);
      r.weights.forEach((w, i) => {
        const expected = reference.weights[i]!;
        const scale = Math.max(...expected.map(Math.abs));
        expect(Math.max(...w.map((v, k) => Math.abs(v - expected[k]!)))).toBeLessThanOrEqual(tolerance * scale);
      });
    }
  }, 90_000);

  it('leaves no tensors behind', async () => {
    const model = buildAutoencoder(arch, { seed: 1 });
    const before = tf.memory().numTensors;
    await pretrainAutoencoder(model, source, { ...options, epochs: 2, engine: 'graph' });
    expect(tf.memory().numTensors).toBe(before);
  });
});
