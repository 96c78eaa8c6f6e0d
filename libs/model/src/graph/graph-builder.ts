/**
 * Builds a TensorFlow GraphDef node by node: each method appends one NodeDef and returns the name
 * of its first output ("name" is output 0; use `${name}:k` for output k). Attributes that have a
 * default in the op's registration are still written out, so the graph does not depend on the
 * importer filling them in.
 */
import { DT, type AttrValue, type DataTypeCode, type NodeDef, type Shape } from './graph-proto';

const F32: { type: DataTypeCode } = { type: DT.float };
const I32: { type: DataTypeCode } = { type: DT.int32 };

export type Padding = 'SAME' | 'VALID';

export interface ConvAttrs {
  strides: readonly [number, number];
  padding: Padding;
}

export class GraphBuilder {
  readonly nodes: NodeDef[] = [];
  private readonly used = new Set<string>();

  /** A unique node name from `base` (kept as is the first time). */
  private unique(base: string): string {
    let name = base;
    for (let k = 1; this.used.has(name); k++) name = `${base}_${k}`;
    this.used.add(name);
    return name;
  }

  /** Appends a node; `controls` become "^name" inputs after the data inputs. */
  op(op: string, name: string, inputs: readonly string[], attrs: Record<string, AttrValue> = {}, controls: readonly string[] = []): string {
    const unique = this.unique(name);
    this.nodes.push({ name: unique, op, inputs: [...inputs, ...controls.map((c) => `^${c.split(':')[0]}`)], attrs });
    return unique;
  }

  placeholder(name: string, shape: Shape, dtype: DataTypeCode = DT.float): string {
    return this.op('Placeholder', name, [], { dtype: { type: dtype }, shape: { shape } });
  }

  constInt32(name: string, values: readonly number[], shape: Shape = [values.length]): string {
    return this.op('Const', name, [], { dtype: I32, value: { tensor: { dtype: DT.int32, shape, values: Int32Array.from(values) } } });
  }

  constFloat(name: string, value: number): string {
    return this.op('Const', name, [], { dtype: F32, value: { tensor: { dtype: DT.float, shape: [], values: Float32Array.of(value) } } });
  }

  /** A float32 resource variable; `shared_name` keeps it alive across runs of the session. */
  variable(name: string, shape: Shape): string {
    return this.op('VarHandleOp', name, [], { dtype: F32, shape: { shape }, shared_name: { s: name }, container: { s: '' }, allowed_devices: { listInts: [] } });
  }

  read(handle: string, name = `${handle}/read`, controls: readonly string[] = []): string {
    return this.op('ReadVariableOp', name, [handle], { dtype: F32 }, controls);
  }

  assign(handle: string, value: string): string {
    return this.op('AssignVariableOp', `${handle}/assign`, [handle, value], { dtype: F32, validate_shape: { b: false } });
  }

  identity(name: string, input: string, controls: readonly string[] = []): string {
    return this.op('Identity', name, [input], { T: F32 }, controls);
  }

  unary(op: 'Elu' | 'Relu' | 'Selu' | 'Tanh' | 'Sigmoid' | 'Square', name: string, x: string): string {
    return this.op(op, name, [x], { T: F32 });
  }

  binary(op: 'Sub' | 'Mul' | 'RealDiv' | 'AddV2', name: string, a: string, b: string): string {
    return this.op(op, name, [a, b], { T: F32 });
  }

  /** Gradient ops of the activations: EluGrad(dy, y), ReluGrad(dy, y), TanhGrad(y, dy), ... */
  activationGrad(op: 'EluGrad' | 'ReluGrad' | 'SeluGrad' | 'TanhGrad' | 'SigmoidGrad', name: string, first: string, second: string): string {
    return this.op(op, name, [first, second], { T: F32 });
  }

  shape(name: string, x: string): string {
    return this.op('Shape', name, [x], { T: F32, out_type: I32 });
  }

  reshape(name: string, x: string, shape: string): string {
    return this.op('Reshape', name, [x, shape], { T: F32, Tshape: I32 });
  }

  /** Number of elements of x as a float32 scalar. */
  sizeAsFloat(name: string, x: string): string {
    const size = this.op('Size', `${name}/int`, [x], { T: F32, out_type: I32 });
    return this.op('Cast', name, [size], { SrcT: I32, DstT: F32, Truncate: { b: false } });
  }

  mean(name: string, x: string, axes: string): string {
    return this.op('Mean', name, [x, axes], { T: F32, Tidx: I32, keep_dims: { b: false } });
  }

  matMul(name: string, a: string, b: string, transposeA = false, transposeB = false): string {
    return this.op('MatMul', name, [a, b], { T: F32, transpose_a: { b: transposeA }, transpose_b: { b: transposeB } });
  }

  biasAdd(name: string, x: string, bias: string): string {
    return this.op('BiasAdd', name, [x, bias], { T: F32, data_format: { s: 'NHWC' } });
  }

  /** Sum over `axes` (int32 list), dropping them. */
  sum(name: string, x: string, axes: readonly number[]): string {
    return this.op('Sum', name, [x, this.constInt32(`${name}/axes`, axes)], { T: F32, Tidx: I32, keep_dims: { b: false } });
  }

  biasAddGrad(name: string, dy: string): string {
    return this.op('BiasAddGrad', name, [dy], { T: F32, data_format: { s: 'NHWC' } });
  }

  private convAttrs(conv: ConvAttrs): Record<string, AttrValue> {
    return {
      T: F32,
      strides: { listInts: [1, conv.strides[0], conv.strides[1], 1] },
      padding: { s: conv.padding },
      data_format: { s: 'NHWC' },
      dilations: { listInts: [1, 1, 1, 1] },
      use_cudnn_on_gpu: { b: true },
      explicit_paddings: { listInts: [] },
    };
  }

  /** y = conv2d(x, filter[kH, kW, inC, outC]), NHWC. */
  conv2d(name: string, x: string, filter: string, conv: ConvAttrs): string {
    return this.op('Conv2D', name, [x, filter], this.convAttrs(conv));
  }

  /** Gradient of conv2d with respect to its input (also the forward pass of a transposed convolution). */
  conv2dBackpropInput(name: string, inputSizes: string, filter: string, dy: string, conv: ConvAttrs): string {
    return this.op('Conv2DBackpropInput', name, [inputSizes, filter, dy], this.convAttrs(conv));
  }

  /**
   * The same value as conv2dBackpropInput for a stride-s 'SAME' convolution whose input is exactly
   * s times larger than dy (output [N, H, W, C], filter [kH, kW, C, inC]), computed by phases
   * (sub-pixel decomposition): output row q = s a + r (q counted from the top padding) only meets
   * filter rows r, r + s, ...; so all s^2 phases are one stride-1 VALID Conv2D of dy (padded by
   * J - 1 above and ceil(padTop / s) below, J = ceil(kH / s)) with a phase filter
   *   G[m, n, ci, (rh s + rw) C + co] = filter[rh + s (Jh - 1 - m), rw + s (Jw - 1 - n), co, ci]
   * (0 beyond the kernel), then an interleave of the phases (DepthToSpace(s), done as a Transpose)
   * and a crop of padTop = floor((kH - s) / 2) rows.
   * Why: TF's CPU Conv2DBackpropInput is slow for few output channels (ClusTremor's last transposed
   * convolution, 48x64x8 -> 96x128x1, batch 32, 1 thread: 6.4-9.5 ms, by phases 4.2-4.8 ms), while
   * for 16 or more channels it is faster than the phases (see autoencoder-graph.ts for the rule).
   */
  conv2dBackpropInputByPhases(name: string, dy: string, filter: string, g: { stride: number; kernel: readonly [number, number]; output: readonly [number, number, number]; inChannels: number }): string {
    const s = g.stride;
    const [kh, kw] = g.kernel;
    const [height, width, channels] = g.output;
    const [jh, jw] = [Math.ceil(kh / s), Math.ceil(kw / s)];
    const [padTop, padLeft] = [Math.floor(Math.max(kh - s, 0) / 2), Math.floor(Math.max(kw - s, 0) / 2)];
    const F32: { type: DataTypeCode } = { type: DT.float };
    const padded = this.op('Pad', `${name}/filter_pad`, [filter, this.constInt32(`${name}/filter_pads`, [0, s * jh - kh, 0, s * jw - kw, 0, 0, 0, 0], [4, 2])], { T: F32, Tpaddings: I32 });
    // [jh, s, jw, s, C, inC]: kernel row j s + r -> (j, r); reversing j gives m = jh - 1 - j.
    const split = this.reshape(`${name}/filter_phases`, padded, this.constInt32(`${name}/filter_phases_shape`, [jh, s, jw, s, channels, g.inChannels]));
    const reversed = this.op('ReverseV2', `${name}/filter_reversed`, [split, this.constInt32(`${name}/filter_reverse_axes`, [0, 2])], { T: F32, Tidx: I32 });
    const ordered = this.op('Transpose', `${name}/filter_ordered`, [reversed, this.constInt32(`${name}/filter_perm`, [0, 2, 5, 1, 3, 4])], { T: F32, Tperm: I32 });
    const phaseFilter = this.reshape(`${name}/phase_filter`, ordered, this.constInt32(`${name}/phase_filter_shape`, [jh, jw, g.inChannels, s * s * channels]));
    const [padBottom, padRight] = [Math.ceil(padTop / s), Math.ceil(padLeft / s)];
    const dyPadded = this.op('Pad', `${name}/dy_pad`, [dy, this.constInt32(`${name}/dy_pads`, [0, 0, jh - 1, padBottom, jw - 1, padRight, 0, 0], [4, 2])], { T: F32, Tpaddings: I32 });
    const phases = this.conv2d(`${name}/phases`, dyPadded, phaseFilter, { strides: [1, 1], padding: 'VALID' });
    // Interleave: [N, a, b, (rh, rw, C)] -> [N, a, rh, b, rw, C] -> [N, s a, s b, C]. A Transpose, not
    // DepthToSpace: measured 0.1-0.25 ms against 0.9-1.6 ms for DepthToSpace on 32x49x65x4 -> 1 channel.
    const [rows, cols] = [height / s + padBottom, width / s + padRight];
    const split6 = this.reshape(`${name}/phases_split`, phases, this.constInt32(`${name}/phases_split_shape`, [-1, rows, cols, s, s, channels]));
    const moved = this.op('Transpose', `${name}/phases_moved`, [split6, this.constInt32(`${name}/phases_perm`, [0, 1, 3, 2, 4, 5])], { T: F32, Tperm: I32 });
    const interleaved = this.reshape(`${name}/interleave`, moved, this.constInt32(`${name}/interleave_shape`, [-1, s * rows, s * cols, channels]));
    return this.op('Slice', `${name}/crop`, [interleaved, this.constInt32(`${name}/crop_begin`, [0, padTop, padLeft, 0]), this.constInt32(`${name}/crop_size`, [-1, height, width, -1])], {
      T: F32,
      Index: I32,
    });
  }

  /** Gradient of conv2d with respect to its filter. */
  conv2dBackpropFilter(name: string, x: string, filterSizes: string, dy: string, conv: ConvAttrs): string {
    return this.op('Conv2DBackpropFilter', name, [x, filterSizes, dy], this.convAttrs(conv));
  }

  /**
   * ResourceApplyAdam: lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t); m += (g - m)(1 - beta1);
   * v += (g^2 - v)(1 - beta2); var -= lr_t m / (sqrt(v) + epsilon).
   */
  applyAdam(name: string, v: { variable: string; m: string; v: string }, s: { beta1Power: string; beta2Power: string; lr: string; beta1: string; beta2: string; epsilon: string }, grad: string): string {
    return this.op('ResourceApplyAdam', name, [v.variable, v.m, v.v, s.beta1Power, s.beta2Power, s.lr, s.beta1, s.beta2, s.epsilon, grad], {
      T: F32,
      use_locking: { b: false },
      use_nesterov: { b: false },
    });
  }

  /** ResourceApplyKerasMomentum: accum = accum momentum - lr g; var += accum (Nesterov: var += accum momentum - lr g). */
  applyKerasMomentum(name: string, variable: string, accum: string, lr: string, grad: string, momentum: string, nesterov: boolean): string {
    return this.op('ResourceApplyKerasMomentum', name, [variable, accum, lr, grad, momentum], {
      T: F32,
      use_locking: { b: false },
      use_nesterov: { b: nesterov },
    });
  }
}
