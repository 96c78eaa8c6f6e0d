/**
 * A fully connected layer y = act(x W + b) whose gradient uses explicit transposes.
 *
 * Why not tf.layers.dense: its backward pass calls matMul with transposeA/transposeB set
 * (dW = x^T dy, dx = dy W^T), and the wasm backend's BatchMatMul is about 7x slower with either
 * flag than on untransposed operands. Measured here (wasm, SIMD, 1 thread) for 256x784 @ 784x500:
 * 10.4 ms plain, 67-72 ms with a transpose flag, 10.9 ms after an explicit tf.transpose.
 * Training the 784-500-500-2000-10 autoencoder at batch 256 went from 147 to 826 samples/s with
 * this gradient. On the cpu and native backends the explicit transpose costs little. Since then
 * kernels/ registers a wasm BatchMatMul that keeps transposed products fast; with it the two are
 * within measurement noise (ours 187-231, tf.layers.dense 142-174 samples/s on the loaded machine),
 * and this layer keeps the dense path fast on a stock wasm backend too. Weight names are those of
 * tf.layers.dense (`<layer>/kernel`, `<layer>/bias`).
 */
import * as tf from '@tensorflow/tfjs';
import type { ActivationName } from './architecture';
import { createKernelInitializer, type KernelInitializerConfig } from './kernel-initializer';

/** x W + b with dx = dy W^T and dW = x^T dy computed on explicitly transposed operands. */
const affine = tf.customGrad(((x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, save: tf.GradSaveFunc) => {
  save([x, w]);
  return {
    value: tf.add(tf.matMul(x, w), b),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
      const dy2 = dy as tf.Tensor2D;
      return [tf.matMul(dy2, tf.transpose(ws)), tf.matMul(tf.transpose(xs), dy2), tf.sum(dy2, 0)];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor2D;

export function applyActivation(x: tf.Tensor, activation: ActivationName): tf.Tensor {
  switch (activation) {
    case 'elu':
      return tf.elu(x);
    case 'relu':
      return tf.relu(x);
    case 'selu':
      return tf.selu(x);
    case 'tanh':
      return tf.tanh(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'linear':
      return x;
  }
}

export interface TransposedGradDenseConfig {
  units: number;
  activation: ActivationName;
  /** Seed of the kernel initialiser. */
  kernelSeed: number;
  /** Kernel initialiser (validated by the architecture schema). Absent: glorotUniform. */
  kernelInitializer?: KernelInitializerConfig | undefined;
  name?: string;
}

export class TransposedGradDense extends tf.layers.Layer {
  static readonly className = 'SeisdecTransposedGradDense';
  readonly units: number;
  readonly activation: ActivationName;
  readonly kernelSeed: number;
  readonly kernelInitializer: KernelInitializerConfig | undefined;
  private kernel: tf.LayerVariable | undefined;
  private bias: tf.LayerVariable | undefined;

  constructor(config: TransposedGradDenseConfig) {
    super({ name: config.name });
    this.units = config.units;
    this.activation = config.activation;
    this.kernelSeed = config.kernelSeed;
    this.kernelInitializer = config.kernelInitializer;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const inputDim = shape[shape.length - 1];
    if (shape.length !== 2 || inputDim == null) {
      throw new RangeError(`${this.name}: expected input of shape [batch, features], got [${shape.join(', ')}]`);
    }
    this.kernel = this.addWeight(
      'kernel',
      [inputDim, this.units],
      'float32',
      createKernelInitializer(this.kernelInitializer, this.kernelSeed),
    );
    this.bias = this.addWeight('bias', [this.units], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0] ?? null, this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const y = affine(x, this.kernel!.read(), this.bias!.read());
      return applyActivation(y, this.activation);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = { ...super.getConfig(), units: this.units, activation: this.activation, kernelSeed: this.kernelSeed };
    // Only when set, so the saved topology of a default (Glorot) model is what it always was.
    if (this.kernelInitializer !== undefined) config['kernelInitializer'] = { ...this.kernelInitializer };
    return config;
  }
}

tf.serialization.registerClass(TransposedGradDense);
