import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../training/rng';
import { convStageShapes, parseArchitecture, type Architecture, type ArchitectureInput, type ConvArchitecture, type DenseArchitecture } from './architecture';
import { createKernelInitializer } from './kernel-initializer';
import { TransposedGradDense } from './transposed-grad-dense';

/**
 * The three views of one autoencoder. They share layer objects, hence weights: training the
 * autoencoder changes what the encoder embeds and what the decoder reconstructs.
 */
export interface Autoencoder {
  architecture: Architecture;
  /** (N, H, W, C) -> (N, H, W, C). */
  autoencoder: tf.LayersModel;
  /** (N, H, W, C) -> (N, latentDim). */
  encoder: tf.LayersModel;
  /** (N, latentDim) -> (N, H, W, C). */
  decoder: tf.LayersModel;
}

export interface BuildAutoencoderOptions {
  /** Seed of every kernel initialiser (each layer gets its own derived stream). Default 0. */
  seed?: number;
}

/**
 * Builds encoder, decoder and autoencoder from a validated architecture. Layers are named by their
 * role (`enc_conv1`, `latent`, `dec_deconv4`, ...) so saved weights match by name, and every kernel
 * initialiser is seeded, so the same (architecture, seed) always gives the same initial weights.
 */
export function buildAutoencoder(config: ArchitectureInput | Architecture, options: BuildAutoencoderOptions = {}): Autoencoder {
  const { seed = 0 } = options;
  const architecture = parseArchitecture(config);
  const layers = architecture.kind === 'conv' ? convLayers(architecture, seed) : denseLayers(architecture, seed);

  const input = tf.input({ shape: architecture.inputShape, name: 'input' });
  const latent = applyAll(layers.encoder, input);
  const encoder = tf.model({ inputs: input, outputs: latent, name: 'encoder' });

  const latentInput = tf.input({ shape: [architecture.latentDim], name: 'latent_input' });
  const decoder = tf.model({ inputs: latentInput, outputs: applyAll(layers.decoder, latentInput), name: 'decoder' });

  const autoencoder = tf.model({ inputs: input, outputs: applyAll(layers.decoder, latent), name: 'autoencoder' });
  return { architecture, autoencoder, encoder, decoder };
}

interface LayerStacks {
  encoder: tf.layers.Layer[];
  decoder: tf.layers.Layer[];
}

function applyAll(layers: tf.layers.Layer[], input: tf.SymbolicTensor): tf.SymbolicTensor {
  return layers.reduce((x, layer) => layer.apply(x) as tf.SymbolicTensor, input);
}

function convLayers(arch: ConvArchitecture, seed: number): LayerStacks {
  const shapes = convStageShapes(arch);
  const encoded = shapes[shapes.length - 1]!;
  const depth = arch.filters.length;
  const init = (index: number) => createKernelInitializer(arch.kernelInitializer, deriveSeed(seed, index));
  const kernelInitializer = arch.kernelInitializer;
  const encoder: tf.layers.Layer[] = arch.filters.map((filters, i) =>
    tf.layers.conv2d({
      name: `enc_conv${i + 1}`,
      filters,
      kernelSize: arch.kernelSizes[i]!,
      strides: 2,
      padding: 'same',
      activation: arch.activation,
      kernelInitializer: init(i),
    }),
  );
  encoder.push(tf.layers.flatten({ name: 'enc_flatten' }));
  encoder.push(new TransposedGradDense({ name: 'latent', units: arch.latentDim, activation: 'linear', kernelSeed: deriveSeed(seed, depth), kernelInitializer }));

  const decoder: tf.layers.Layer[] = [
    new TransposedGradDense({
      name: 'dec_dense',
      units: encoded[0] * encoded[1] * encoded[2],
      activation: arch.activation,
      kernelSeed: deriveSeed(seed, depth + 1),
      kernelInitializer,
    }),
    tf.layers.reshape({ name: 'dec_reshape', targetShape: encoded }),
  ];
  for (let i = depth - 1; i >= 0; i--) {
    const last = i === 0;
    decoder.push(
      tf.layers.conv2dTranspose({
        name: `dec_deconv${depth - i}`,
        filters: last ? arch.inputShape[2] : arch.filters[i - 1]!,
        kernelSize: arch.kernelSizes[i]!,
        strides: 2,
        padding: 'same',
        activation: last ? arch.outputActivation : arch.activation,
        kernelInitializer: init(depth + 2 + (depth - 1 - i)),
      }),
    );
  }
  return { encoder, decoder };
}

function denseLayers(arch: DenseArchitecture, seed: number): LayerStacks {
  let stream = 0;
  const dense = (name: string, units: number, activation: DenseArchitecture['activation']) =>
    new TransposedGradDense({ name, units, activation, kernelSeed: deriveSeed(seed, stream++), kernelInitializer: arch.kernelInitializer });
  const encoder: tf.layers.Layer[] = [tf.layers.flatten({ name: 'enc_flatten' })];
  arch.hidden.forEach((units, i) => encoder.push(dense(`enc_dense${i + 1}`, units, arch.activation)));
  encoder.push(dense('latent', arch.latentDim, 'linear'));

  const decoder: tf.layers.Layer[] = [];
  [...arch.hidden].reverse().forEach((units, i) => decoder.push(dense(`dec_dense${i + 1}`, units, arch.activation)));
  const [height, width, channels] = arch.inputShape;
  decoder.push(dense('dec_output', height * width * channels, arch.outputActivation));
  decoder.push(tf.layers.reshape({ name: 'dec_reshape', targetShape: arch.inputShape }));
  return { encoder, decoder };
}
