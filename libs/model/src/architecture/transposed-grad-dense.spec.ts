import * as tf from '@tensorflow/tfjs';
import { TransposedGradDense } from './transposed-grad-dense';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('TransposedGradDense', () => {
  it('computes act(xW + b) and the same gradients as tf.layers.dense', () => {
    const ours = new TransposedGradDense({ units: 3, activation: 'elu', kernelSeed: 1 });
    const reference = tf.layers.dense({ units: 3, activation: 'elu' });
    const x = tf.tensor2d([[0.5, -1, 2, 0.1], [1, 0, -0.5, 0.3]]);
    ours.apply(x);
    reference.apply(x);
    reference.setWeights(ours.getWeights());
    expect(Array.from((ours.apply(x) as tf.Tensor).dataSync())).toEqual(
      Array.from((reference.apply(x) as tf.Tensor).dataSync()).map((v) => expect.closeTo(v, 6)),
    );
    const gradsOf = (layer: tf.layers.Layer) => {
      const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
      const { grads } = tf.variableGrads(() => tf.sum(tf.square(layer.apply(x) as tf.Tensor)) as tf.Scalar, vars);
      return vars.map((v) => Array.from(grads[v.name]!.dataSync()));
    };
    const [a, b] = [gradsOf(ours), gradsOf(reference)];
    a.forEach((g, i) => g.forEach((v, j) => expect(v).toBeCloseTo(b[i]![j]!, 5)));
    const inputGrad = (layer: tf.layers.Layer) => Array.from(tf.grad((t: tf.Tensor) => tf.sum(tf.square(layer.apply(t) as tf.Tensor)))(x).dataSync());
    inputGrad(ours).forEach((v, i) => expect(v).toBeCloseTo(inputGrad(reference)[i]!, 5));
  });

  it('round-trips through serialisation', async () => {
    const input = tf.input({ shape: [4] });
    const model = tf.model({ inputs: input, outputs: new TransposedGradDense({ units: 2, activation: 'relu', kernelSeed: 7, name: 'd' }).apply(input) as tf.SymbolicTensor });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const x = tf.tensor2d([[1, 2, 3, 4]]);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
    expect(loaded.getLayer('d').getConfig()).toMatchObject({ units: 2, activation: 'relu', kernelSeed: 7 });
  });
});
