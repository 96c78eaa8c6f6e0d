import * as tf from '@tensorflow/tfjs';
import { CLUSTREMOR_ARCHITECTURE, decPaperArchitecture, SLOPE_HAZARD_ARCHITECTURE, type Architecture } from '../architecture/architecture';
import { buildAutoencoder } from '../architecture/build-autoencoder';
import { buildAutoencoderGraph, lowerArchitecture } from './autoencoder-graph';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const architectures: Array<[string, Architecture]> = [
  ['ClusTremor', CLUSTREMOR_ARCHITECTURE],
  ['slope hazard', SLOPE_HAZARD_ARCHITECTURE],
  ['DEC paper on 28x28x1', decPaperArchitecture([28, 28, 1])],
];

describe('lowerArchitecture', () => {
  it.each(architectures)('lists the tfjs model trainable weights by name and shape, in order (%s)', (_, architecture) => {
    const model = buildAutoencoder(architecture, { seed: 0 });
    const expected = model.autoencoder.trainableWeights.map((w) => ({ name: w.originalName, shape: w.shape }));
    expect(lowerArchitecture(architecture).variables).toEqual(expected);
    tf.dispose(model.autoencoder.weights.map((w) => w.read()));
  });

  it('puts the latent layer at the end of the encoder', () => {
    const lowered = lowerArchitecture(CLUSTREMOR_ARCHITECTURE);
    expect(lowered.layers[lowered.latentLayer]).toMatchObject({ kind: 'dense', name: 'latent', kernelShape: [6 * 8 * 64, 24], activation: 'linear' });
    expect(lowered.layers.map((l) => l.kind).join(' ')).toBe('conv conv conv conv reshape dense dense reshape deconv deconv deconv deconv');
  });
});

describe('buildAutoencoderGraph', () => {
  const count = (graph: ReturnType<typeof buildAutoencoderGraph>, op: string) => graph.nodes.filter((n) => n.op === op).length;

  it('has one fused update per variable, all of them control inputs of the training fetch', () => {
    const graph = buildAutoencoderGraph(CLUSTREMOR_ARCHITECTURE, { kind: 'adam', learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, decayRate: 1, decaySteps: 1000 });
    expect(count(graph, 'ResourceApplyAdam')).toBe(20);
    expect(count(graph, 'VarHandleOp')).toBe(60); // 20 variables + m and v of each
    const train = graph.nodes.find((n) => `${n.name}:0` === graph.fetches.train)!;
    const updates = graph.nodes.filter((n) => n.op === 'ResourceApplyAdam').map((n) => `^${n.name}`);
    expect(train.inputs.slice(1).sort()).toEqual(updates.sort());
    // The first layer's input gradient is not computed: 4 conv layers need 3, the 4 deconvs 4, of
    // which the last (1 output channel) runs by phases: one stride-1 Conv2D and an interleaving Transpose
    // (plus the Transpose building the phase filter).
    expect(count(graph, 'Conv2DBackpropInput')).toBe(3 + 3);
    expect(count(graph, 'Transpose')).toBe(2);
    expect(count(graph, 'BiasAddGrad')).toBe(4 + 2); // conv and dense; the 4 deconvs sum instead
    expect(count(graph, 'Sum')).toBe(4);
    expect(count(graph, 'Conv2DBackpropFilter')).toBe(8);
    expect(count(graph, 'Conv2D')).toBe(4 + 4 + 1);
  });

  it('uses Keras momentum updates for SGD, one slot per variable', () => {
    const graph = buildAutoencoderGraph(decPaperArchitecture([28, 28, 1]), { kind: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true });
    expect(count(graph, 'ResourceApplyKerasMomentum')).toBe(16); // 8 dense layers: 784-500-500-2000-10 and back
    expect(graph.slotCount).toBe(1);
    expect(graph.fetches.slots.every((list) => list.length === 1)).toBe(true);
    expect(new Set(graph.nodes.map((n) => n.name)).size).toBe(graph.nodes.length);
  });
});
