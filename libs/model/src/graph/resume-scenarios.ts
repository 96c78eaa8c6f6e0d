/**
 * Checkpoint-resume scenarios of pretrainAutoencoder across engines, run in a plain Node process by
 * pretrain-graph.spec.ts (`tsx resume-scenarios.ts` prints one JSON line). Not under Jest itself:
 * saving a model on the native backend goes through tfjs-core's io_utils, which checks
 * `instanceof Float32Array` against arrays the tfjs-node addon creates in Node's main realm, while
 * Jest runs specs in their own realm, so every native checkpoint save fails there ("Unsupported
 * TypedArray subtype: Float32Array") although it works in any ordinary process.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FsBlobStore } from '@seisdec/store';
import type { ArchitectureInput } from '../architecture/architecture';
import { buildAutoencoder } from '../architecture/build-autoencoder';
import { initBackend } from '../backend/init-backend';
import { arraySource } from '../data/sample-source';
import { pretrainAutoencoder, type PretrainEngine, type PretrainOptions } from '../training/pretrain';
import { SeededRng } from '../training/rng';

export const SCENARIO_ARCHITECTURE: ArchitectureInput = { kind: 'conv', inputShape: [16, 16, 1], filters: [4, 8], kernelSizes: [[5, 3], [3, 3]], activation: 'elu', latentDim: 3 };
export const SCENARIO_OPTIONS: PretrainOptions = {
  epochs: 4,
  batchSize: 10,
  validationSplit: 0.2,
  seed: 3,
  patience: 10,
  optimizer: { kind: 'adam', learningRate: 3e-3, decayRate: 0.9, decaySteps: 5 },
};

/** 45 samples of seeded noise in [-1, 1): 36 training samples, batches of 10, 10, 10, 6. */
export function scenarioSource() {
  const rng = SeededRng.fromSeed(9);
  return arraySource(Float32Array.from({ length: 45 * 256 }, () => rng.nextFloat() * 2 - 1), [16, 16, 1]);
}

export interface RunOutcome {
  losses: number[];
  weights: number[][];
  resumedFrom?: number;
}

export interface ScenarioResults {
  backend: string;
  full: Record<PretrainEngine, RunOutcome>;
  resumed: Array<{ before: PretrainEngine; after: PretrainEngine } & RunOutcome>;
}

const PAIRS: Array<[PretrainEngine, PretrainEngine]> = [
  ['graph', 'graph'],
  ['eager', 'graph'],
  ['graph', 'eager'],
];

async function run(engine: PretrainEngine, extra: PretrainOptions = {}, seed = 6): Promise<RunOutcome> {
  const model = buildAutoencoder(SCENARIO_ARCHITECTURE, { seed });
  const result = await pretrainAutoencoder(model, scenarioSource(), { ...SCENARIO_OPTIONS, ...extra, engine });
  const outcome: RunOutcome = { losses: result.history.map((r) => r.loss), weights: model.autoencoder.getWeights().map((t) => Array.from(t.dataSync())) };
  if (result.resumedFrom !== undefined) outcome.resumedFrom = result.resumedFrom;
  return outcome;
}

/** Uninterrupted runs per engine, then for each engine pair: crash after epoch 3 (checkpoint every 2), resume. */
export async function runResumeScenarios(): Promise<ScenarioResults> {
  const choice = await initBackend({ prefer: 'tensorflow', log: () => undefined });
  const full = { eager: await run('eager'), graph: await run('graph') };
  const dir = await mkdtemp(path.join(tmpdir(), 'seisdec-graph-resume-'));
  try {
    const resumed: ScenarioResults['resumed'] = [];
    for (const [before, after] of PAIRS) {
      const checkpoint = { store: new FsBlobStore(dir), prefix: `${before}-${after}`, every: 2 };
      const crash = 'simulated crash after epoch 3';
      await run(before, {
        checkpoint,
        onEpoch: (r) => {
          if (r.epoch === 3) throw new Error(crash);
        },
      }).then(
        () => Promise.reject(new Error('the interrupted run did not stop at epoch 3')),
        (error: unknown) => ((error as Error).message === crash ? undefined : Promise.reject(error)),
      );
      resumed.push({ before, after, ...(await run(after, { checkpoint }, 99)) }); // another init: all must come from the checkpoint
    }
    return { backend: choice.backend, full, resumed };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runResumeScenarios().then(
    (results) => console.log(`RESULT ${JSON.stringify(results)}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
