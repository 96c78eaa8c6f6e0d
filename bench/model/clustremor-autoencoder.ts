/**
 * The ClusTremor convolutional autoencoder, self-contained for the throughput benchmark (the
 * library's configurable builder lives in libs/model; this copy pins the exact network the peer
 * in peer_train_throughput.py builds, layer for layer):
 *
 *   input 96x128x1
 *   Conv2D 8 (7x5) / 16 (5x3) / 32 (5x3) / 64 (5x3), stride 2, 'same', ELU   -> 6x8x64
 *   flatten -> Dense 24 (linear latent) -> Dense 3072 (ELU) -> reshape 6x8x64
 *   Conv2DTranspose 32 (5x3) / 16 (5x3) / 8 (5x3), stride 2, 'same', ELU
 *   Conv2DTranspose 1 (7x5), stride 2, 'same', linear                         -> 96x128x1
 *   loss MSE, optimizer Adam (lr 1e-3)
 */
import * as tf from '@tensorflow/tfjs';

export const INPUT_SHAPE = [96, 128, 1] as const;
const ENCODER = [
  { filters: 8, kernel: [7, 5] },
  { filters: 16, kernel: [5, 3] },
  { filters: 32, kernel: [5, 3] },
  { filters: 64, kernel: [5, 3] },
] as const;
/** Mirror of the encoder: each transposed conv undoes one encoder stride with that layer's kernel. */
const DECODER = [
  { filters: 32, kernel: [5, 3], activation: 'elu' },
  { filters: 16, kernel: [5, 3], activation: 'elu' },
  { filters: 8, kernel: [5, 3], activation: 'elu' },
  { filters: 1, kernel: [7, 5], activation: 'linear' },
] as const;
const LATENT = 24;

export function buildClusTremorAutoencoder(seed = 1): tf.LayersModel {
  let init = seed;
  const kernelInitializer = () => tf.initializers.glorotUniform({ seed: init++ });
  const input = tf.input({ shape: [...INPUT_SHAPE] });
  let h: tf.SymbolicTensor = input;
  for (const { filters, kernel } of ENCODER) {
    h = tf.layers
      .conv2d({ filters, kernelSize: [...kernel], strides: 2, padding: 'same', activation: 'elu', kernelInitializer: kernelInitializer() })
      .apply(h) as tf.SymbolicTensor;
  }
  const bottleneck = h.shape.slice(1) as number[];
  h = tf.layers.flatten().apply(h) as tf.SymbolicTensor;
  h = tf.layers.dense({ units: LATENT, kernelInitializer: kernelInitializer() }).apply(h) as tf.SymbolicTensor;
  h = tf.layers
    .dense({ units: bottleneck.reduce((a, b) => a * b, 1), activation: 'elu', kernelInitializer: kernelInitializer() })
    .apply(h) as tf.SymbolicTensor;
  h = tf.layers.reshape({ targetShape: bottleneck }).apply(h) as tf.SymbolicTensor;
  for (const { filters, kernel, activation } of DECODER) {
    h = tf.layers
      .conv2dTranspose({ filters, kernelSize: [...kernel], strides: 2, padding: 'same', activation, kernelInitializer: kernelInitializer() })
      .apply(h) as tf.SymbolicTensor;
  }
  const model = tf.model({ inputs: input, outputs: h });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'meanSquaredError' });
  return model;
}
