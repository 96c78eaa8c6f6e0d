/**
 * The training graph of an autoencoder built from an {@link Architecture}, written out op by op:
 * forward pass, MSE loss, the backward pass (each layer's gradient ops by hand, no autodiff), and
 * one fused optimizer op per variable (ResourceApplyAdam or ResourceApplyKerasMomentum). It is
 * run as a whole by one TF_SessionRun per step (see graph-trainer.ts) instead of ~400 eager ops.
 *
 * Layers and weights mirror build-autoencoder.ts exactly (same names, shapes and order as the tfjs
 * model's trainableWeights), so weights move between the two by name:
 *   conv:  Conv2D(x, W[kH, kW, inC, outC], stride 2, SAME) + b, activation
 *   deconv (Conv2DTranspose): Conv2DBackpropInput(outSizes, K[kH, kW, outC, inC], x) + b, activation
 *   dense: MatMul(x, W[in, out]) + b, activation;   reshape: Reshape(x, [-1, ...shape])
 * Gradients (dy = gradient at the layer output, da = after the activation's gradient):
 *   conv:   db = BiasAddGrad(da), dW = Conv2DBackpropFilter(x, shape(W), da), dx = Conv2DBackpropInput(shape(x), W, da)
 *   deconv: db = sum of da over N, H, W, dK = Conv2DBackpropFilter(da, shape(K), x), dx = Conv2D(da, K)
 *   dense:  db = BiasAddGrad(da), dW = MatMul(x, da, transpose_a), dx = MatMul(da, W, transpose_b)
 *   loss = mean((y - x)^2) over all elements, dy = 2 (y - x) / size(x)
 * The input's gradient is never computed. Activation gradients are TensorFlow's (EluGrad, SeluGrad,
 * ... from the outputs, as Keras); they equal tfjs' everywhere except SELU at a pre-activation of
 * exactly 0, where TF takes the right derivative (scale) and tfjs the left one (scale * alpha).
 *
 * Fetches (names in {@link AutoencoderGraph}): `init` (assigns every variable and slot from its
 * placeholder), `train` (the loss before the update, with the updates as control inputs),
 * `latent` and `output` (forward only), and one read per variable and slot.
 */
import { convStageShapes, type ActivationName, type Architecture } from '../architecture/architecture';
import type { OptimizerConfig } from '../training/optimizer';
import { GraphBuilder, type ConvAttrs } from './graph-builder';
import type { NodeDef } from './graph-proto';

type Shape3 = [number, number, number];

/** One layer of the lowered architecture, in forward order. */
export type LayerSpec =
  | { kind: 'conv'; name: string; kernelShape: [number, number, number, number]; inputShape: Shape3; activation: ActivationName }
  | { kind: 'deconv'; name: string; kernelShape: [number, number, number, number]; outputShape: Shape3; activation: ActivationName }
  | { kind: 'dense'; name: string; kernelShape: [number, number]; activation: ActivationName }
  | { kind: 'reshape'; inputShape: number[]; outputShape: number[] };

export interface LoweredAutoencoder {
  layers: LayerSpec[];
  /** Index in `layers` of the latent (linear bottleneck) layer: the encoder is layers[0..latentLayer]. */
  latentLayer: number;
  /** Trainable variables in the tfjs model's order: `<layer>/kernel`, `<layer>/bias`. */
  variables: Array<{ name: string; shape: number[] }>;
}

const STRIDE_2_SAME: ConvAttrs = { strides: [2, 2], padding: 'SAME' };

/**
 * Transposed convolutions (deconv forward, conv input gradient) producing at most this many
 * channels run by phases (GraphBuilder.conv2dBackpropInputByPhases). Measured in one graph, batch
 * 32, 1 thread, loaded machine: 48x64x8 -> 96x128xC with a 7x5 kernel, C = 1: 6.4-9.5 ms as
 * Conv2DBackpropInput vs 4.2-4.8 ms by phases; C = 2: 6.8 vs 6.6; C = 4: 8.5 vs 6.3; 5x3 kernels
 * to 48x64x8: 1.8 vs 1.6; to 24x32x16: 0.7 vs 1.1; to 12x16x32: 0.5 vs 1.2.
 */
export const PHASE_MAX_CHANNELS = 4;

/** Conv2DBackpropInput, or the same by phases for few output channels (see PHASE_MAX_CHANNELS). */
function transposedConv(g: GraphBuilder, name: string, dy: string, filter: string, kernelShape: readonly [number, number, number, number], output: Shape3, sizes: () => string): string {
  const [kh, kw, channels, inChannels] = kernelShape;
  if (channels <= PHASE_MAX_CHANNELS) return g.conv2dBackpropInputByPhases(name, dy, filter, { stride: 2, kernel: [kh, kw], output, inChannels });
  return g.conv2dBackpropInput(name, sizes(), filter, dy, STRIDE_2_SAME);
}

/** The layer list of build-autoencoder.ts for this architecture. */
export function lowerArchitecture(arch: Architecture): LoweredAutoencoder {
  const layers: LayerSpec[] = [];
  const [height, width, channels] = arch.inputShape;
  let latentLayer: number;
  if (arch.kind === 'conv') {
    const shapes = convStageShapes(arch);
    const encoded = shapes[shapes.length - 1]!;
    const flat = encoded[0] * encoded[1] * encoded[2];
    arch.filters.forEach((filters, i) => {
      const [kh, kw] = arch.kernelSizes[i]!;
      layers.push({ kind: 'conv', name: `enc_conv${i + 1}`, kernelShape: [kh, kw, shapes[i]![2], filters], inputShape: [...shapes[i]!], activation: arch.activation });
    });
    layers.push({ kind: 'reshape', inputShape: [...encoded], outputShape: [flat] });
    latentLayer = layers.push({ kind: 'dense', name: 'latent', kernelShape: [flat, arch.latentDim], activation: 'linear' }) - 1;
    layers.push({ kind: 'dense', name: 'dec_dense', kernelShape: [arch.latentDim, flat], activation: arch.activation });
    layers.push({ kind: 'reshape', inputShape: [flat], outputShape: [...encoded] });
    const depth = arch.filters.length;
    for (let i = depth - 1; i >= 0; i--) {
      const [kh, kw] = arch.kernelSizes[i]!;
      const out = shapes[i]!;
      layers.push({
        kind: 'deconv',
        name: `dec_deconv${depth - i}`,
        kernelShape: [kh, kw, out[2], shapes[i + 1]![2]],
        outputShape: [...out],
        activation: i === 0 ? arch.outputActivation : arch.activation,
      });
    }
  } else {
    const size = height * width * channels;
    layers.push({ kind: 'reshape', inputShape: [height, width, channels], outputShape: [size] });
    let units = size;
    arch.hidden.forEach((next, i) => {
      layers.push({ kind: 'dense', name: `enc_dense${i + 1}`, kernelShape: [units, next], activation: arch.activation });
      units = next;
    });
    latentLayer = layers.push({ kind: 'dense', name: 'latent', kernelShape: [units, arch.latentDim], activation: 'linear' }) - 1;
    units = arch.latentDim;
    [...arch.hidden].reverse().forEach((next, i) => {
      layers.push({ kind: 'dense', name: `dec_dense${i + 1}`, kernelShape: [units, next], activation: arch.activation });
      units = next;
    });
    layers.push({ kind: 'dense', name: 'dec_output', kernelShape: [units, size], activation: arch.outputActivation });
    layers.push({ kind: 'reshape', inputShape: [size], outputShape: [height, width, channels] });
  }
  const variables = layers.flatMap((layer) =>
    layer.kind === 'reshape'
      ? []
      : [
          { name: `${layer.name}/kernel`, shape: [...layer.kernelShape] },
          { name: `${layer.name}/bias`, shape: [outputChannels(layer)] },
        ],
  );
  return { layers, latentLayer, variables };
}

/** Units or channels a layer outputs (its bias length): the kernel's last axis, axis 2 for a transposed kernel. */
function outputChannels(layer: Exclude<LayerSpec, { kind: 'reshape' }>): number {
  return layer.kind === 'deconv' ? layer.kernelShape[2] : layer.kernelShape[layer.kernelShape.length - 1]!;
}

/** Names of the graph's feeds and fetches ("node:0"). */
export interface AutoencoderGraph {
  nodes: NodeDef[];
  lowered: LoweredAutoencoder;
  /** Slots per variable: Adam [m, v], SGD [velocity]. */
  slotCount: number;
  feeds: {
    /** (N, H, W, C) batch. */
    x: string;
    /** Adam: the bias-corrected step size lr sqrt(1 - beta2^t) / (1 - beta1^t); SGD: the learning rate. */
    learningRate: string;
    /** Initial value of every variable (same order as lowered.variables). */
    initVariables: string[];
    /** Initial value of every slot: initSlots[i][k] is slot k of variable i. */
    initSlots: string[][];
  };
  fetches: {
    init: string;
    /** MSE of the batch before the update; fetching it runs every update. */
    train: string;
    latent: string;
    output: string;
    variables: string[];
    slots: string[][];
  };
}

function activationForward(g: GraphBuilder, activation: ActivationName, name: string, x: string): string {
  switch (activation) {
    case 'linear':
      return x;
    case 'elu':
      return g.unary('Elu', name, x);
    case 'relu':
      return g.unary('Relu', name, x);
    case 'selu':
      return g.unary('Selu', name, x);
    case 'tanh':
      return g.unary('Tanh', name, x);
    case 'sigmoid':
      return g.unary('Sigmoid', name, x);
  }
}

/** Gradient at the pre-activation from the gradient dy at the output y. */
function activationBackward(g: GraphBuilder, activation: ActivationName, name: string, dy: string, y: string): string {
  switch (activation) {
    case 'linear':
      return dy;
    case 'elu':
      return g.activationGrad('EluGrad', name, dy, y);
    case 'relu':
      return g.activationGrad('ReluGrad', name, dy, y); // y > 0 exactly where the input is > 0
    case 'selu':
      return g.activationGrad('SeluGrad', name, dy, y);
    case 'tanh':
      return g.activationGrad('TanhGrad', name, y, dy);
    case 'sigmoid':
      return g.activationGrad('SigmoidGrad', name, y, dy);
  }
}

interface ForwardRecord {
  input: string;
  output: string;
}

/**
 * Builds the training graph. Adam's bias correction is folded into the fed step size and the
 * beta powers given to ResourceApplyAdam are 0, so lr_t is computed once in float64 (as the eager
 * Optimizer does) instead of in float32 from 1 - beta2^t (which loses ~1e-5 relative at t = 1).
 */
export function buildAutoencoderGraph(arch: Architecture, optimizer: OptimizerConfig): AutoencoderGraph {
  const lowered = lowerArchitecture(arch);
  const g = new GraphBuilder();
  const x = g.placeholder('x', [-1, ...arch.inputShape]);
  const learningRate = g.placeholder('learning_rate', []);
  const slotCount = optimizer.kind === 'adam' ? 2 : 1;
  const slotNames = optimizer.kind === 'adam' ? ['m', 'v'] : ['velocity'];

  const handles = lowered.variables.map((v) => g.variable(v.name, v.shape));
  const slotHandles = lowered.variables.map((v) => slotNames.map((slot) => g.variable(`${v.name}/${slot}`, v.shape)));
  const initVariables = lowered.variables.map((v) => g.placeholder(`init/${v.name}`, v.shape));
  const initSlots = lowered.variables.map((v) => slotNames.map((slot) => g.placeholder(`init/${v.name}/${slot}`, v.shape)));
  const assigns = [
    ...handles.map((h, i) => g.assign(h, initVariables[i]!)),
    ...slotHandles.flatMap((list, i) => list.map((h, k) => g.assign(h, initSlots[i]![k]!))),
  ];
  const init = g.identity('init', g.constFloat('init/done', 1), assigns);
  const reads = handles.map((h) => g.read(h));
  const readSlots = slotHandles.map((list) => list.map((h) => g.read(h)));

  // Forward.
  const batch = g.op('Slice', 'batch_size', [g.shape('x_shape', x), g.constInt32('zero', [0]), g.constInt32('one', [1])], { T: { type: 3 }, Index: { type: 3 } });
  const records: ForwardRecord[] = [];
  let h = x;
  let v = 0;
  lowered.layers.forEach((layer) => {
    const input = h;
    if (layer.kind === 'reshape') {
      h = g.reshape(`reshape${records.length}`, h, g.constInt32(`reshape${records.length}/shape`, [-1, ...layer.outputShape]));
    } else {
      const [kernel, bias] = [reads[v]!, reads[v + 1]!];
      v += 2;
      let z: string;
      if (layer.kind === 'conv') z = g.conv2d(`${layer.name}/conv`, h, kernel, STRIDE_2_SAME);
      else if (layer.kind === 'dense') z = g.matMul(`${layer.name}/matmul`, h, kernel);
      else {
        const sizes = () =>
          g.op('ConcatV2', `${layer.name}/output_sizes`, [batch, g.constInt32(`${layer.name}/output_hwc`, layer.outputShape), g.constInt32(`${layer.name}/axis`, [0], [])], {
            N: { i: 2 },
            T: { type: 3 },
            Tidx: { type: 3 },
          });
        z = transposedConv(g, `${layer.name}/deconv`, h, kernel, layer.kernelShape, layer.outputShape, sizes);
      }
      const a = g.biasAdd(`${layer.name}/bias_add`, z, bias);
      h = activationForward(g, layer.activation, `${layer.name}/${layer.activation}`, a);
    }
    records.push({ input, output: h });
  });
  const output = g.identity('output', h);
  const latent = g.identity('latent', records[lowered.latentLayer]!.output);

  // Loss and its gradient.
  const diff = g.binary('Sub', 'loss/diff', h, x);
  const loss = g.mean('loss/mean', g.unary('Square', 'loss/square', diff), g.constInt32('loss/axes', [0, 1, 2, 3]));
  const scale = g.binary('RealDiv', 'loss/grad_scale', g.constFloat('loss/two', 2), g.sizeAsFloat('loss/size', x));
  let dy = g.binary('Mul', 'loss/grad', diff, scale);

  // Backward, last layer first; grads[i] is the gradient of variable i.
  const grads: string[] = new Array<string>(lowered.variables.length);
  for (let l = lowered.layers.length - 1; l >= 0; l--) {
    const layer = lowered.layers[l]!;
    const { input, output: y } = records[l]!;
    const needInputGrad = input !== x;
    if (layer.kind === 'reshape') {
      dy = g.reshape(`grad/reshape${l}`, dy, g.constInt32(`grad/reshape${l}/shape`, [-1, ...layer.inputShape]));
      continue;
    }
    v -= 2;
    const kernel = reads[v]!;
    const da = activationBackward(g, layer.activation, `grad/${layer.name}/${layer.activation}`, dy, y);
    // BiasAddGrad for conv (oneDNN fuses it into Conv2DBackpropFilter) and dense; a Sum for deconv, where
    // nothing fuses it and BiasAddGrad is slow for few channels (32x96x128x1: 1.63 ms vs 0.17 ms for Sum).
    grads[v + 1] = layer.kind === 'deconv' ? g.sum(`grad/${layer.name}/bias`, da, [0, 1, 2]) : g.biasAddGrad(`grad/${layer.name}/bias`, da);
    const kernelShape = g.constInt32(`grad/${layer.name}/kernel_shape`, layer.kernelShape);
    if (layer.kind === 'conv') {
      grads[v] = g.conv2dBackpropFilter(`grad/${layer.name}/kernel`, input, kernelShape, da, STRIDE_2_SAME);
      if (needInputGrad) {
        dy = transposedConv(g, `grad/${layer.name}/input`, da, kernel, layer.kernelShape, layer.inputShape, () => g.shape(`grad/${layer.name}/input_shape`, input));
      }
    } else if (layer.kind === 'deconv') {
      grads[v] = g.conv2dBackpropFilter(`grad/${layer.name}/kernel`, da, kernelShape, input, STRIDE_2_SAME);
      if (needInputGrad) dy = g.conv2d(`grad/${layer.name}/input`, da, kernel, STRIDE_2_SAME);
    } else {
      grads[v] = g.matMul(`grad/${layer.name}/kernel`, input, da, true, false);
      if (needInputGrad) dy = g.matMul(`grad/${layer.name}/input`, da, kernel, false, true);
    }
  }

  // Updates.
  let updates: string[];
  if (optimizer.kind === 'adam') {
    const scalars = {
      beta1Power: g.constFloat('adam/beta1_power', 0),
      beta2Power: g.constFloat('adam/beta2_power', 0),
      lr: learningRate,
      beta1: g.constFloat('adam/beta1', optimizer.beta1),
      beta2: g.constFloat('adam/beta2', optimizer.beta2),
      epsilon: g.constFloat('adam/epsilon', optimizer.epsilon),
    };
    updates = handles.map((variable, i) =>
      g.applyAdam(`update/${lowered.variables[i]!.name}`, { variable, m: slotHandles[i]![0]!, v: slotHandles[i]![1]! }, scalars, grads[i]!),
    );
  } else {
    const momentum = g.constFloat('sgd/momentum', optimizer.momentum);
    updates = handles.map((variable, i) =>
      g.applyKerasMomentum(`update/${lowered.variables[i]!.name}`, variable, slotHandles[i]![0]!, learningRate, grads[i]!, momentum, optimizer.nesterov),
    );
  }
  const train = g.identity('train_loss', loss, updates);

  const out = (name: string) => `${name}:0`;
  return {
    nodes: g.nodes,
    lowered,
    slotCount,
    feeds: { x: out(x), learningRate: out(learningRate), initVariables: initVariables.map(out), initSlots: initSlots.map((l) => l.map(out)) },
    fetches: {
      init: out(init),
      train: out(train),
      latent: out(latent),
      output: out(output),
      variables: reads.map(out),
      slots: readSlots.map((l) => l.map(out)),
    },
  };
}
