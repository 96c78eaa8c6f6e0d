import * as tf from '@tensorflow/tfjs';
import { sampleLength, type SampleSource } from '../data/sample-source';

export interface ChunkOptions {
  /** Samples per forward pass: bounds backend memory to one chunk's input and activations. Default 256. */
  batchSize?: number;
}

/**
 * Runs `model` over every sample of `source` one chunk at a time and hands each chunk's output
 * (row-major, (end - start) x outputSize) to `consume` before the next chunk is read, so neither
 * the inputs nor the outputs of the whole data set ever sit on the backend together.
 */
export async function forEachPredictionChunk(
  model: tf.LayersModel,
  source: SampleSource,
  consume: (start: number, end: number, values: Float32Array) => void | Promise<void>,
  options: ChunkOptions = {},
): Promise<void> {
  const { batchSize = 256 } = options;
  if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new RangeError(`batchSize: expected a positive integer, got ${batchSize}`);
  const [h, w, c] = source.sampleShape;
  for (let start = 0; start < source.count; start += batchSize) {
    const end = Math.min(source.count, start + batchSize);
    const input = await source.read(start, end);
    const output = tf.tidy(() => model.predict(tf.tensor4d(input, [end - start, h, w, c])) as tf.Tensor);
    const values = (await output.data()) as Float32Array;
    output.dispose();
    await consume(start, end, values);
  }
}

/**
 * The model's output for every sample, gathered on the host (count x outputSize floats): use it
 * for small outputs such as embeddings; stream large ones with {@link forEachPredictionChunk}.
 */
export async function predictInChunks(model: tf.LayersModel, source: SampleSource, options: ChunkOptions = {}): Promise<Float32Array> {
  const outputShape = model.outputs[0]!.shape.slice(1) as number[];
  const outputSize = outputShape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(source.count * outputSize);
  await forEachPredictionChunk(model, source, (start, _end, values) => out.set(values, start * outputSize), options);
  return out;
}

/** Embeddings (count x latentDim) of every sample through the encoder, in chunks. */
export function embed(encoder: tf.LayersModel, source: SampleSource, options: ChunkOptions = {}): Promise<Float32Array> {
  return predictInChunks(encoder, source, options);
}

/**
 * Mean squared reconstruction error over the samples of `source` (or only those at `indices`),
 * one chunk at a time.
 */
export async function reconstructionError(
  autoencoder: tf.LayersModel,
  source: SampleSource,
  options: ChunkOptions & { indices?: Int32Array } = {},
): Promise<number> {
  const { batchSize = 256, indices } = options;
  const [h, w, c] = source.sampleShape;
  const total = indices?.length ?? source.count;
  if (total === 0) throw new RangeError('indices: expected at least one sample');
  let sum = 0;
  for (let start = 0; start < total; start += batchSize) {
    const end = Math.min(total, start + batchSize);
    const input = indices === undefined ? await source.read(start, end) : await source.gather(indices.subarray(start, end));
    const chunkSum = tf.tidy(() => {
      const x = tf.tensor4d(input, [end - start, h, w, c]);
      return tf.sum(tf.squaredDifference(autoencoder.predict(x) as tf.Tensor, x));
    });
    sum += (await chunkSum.data())[0]!;
    chunkSum.dispose();
  }
  return sum / (total * sampleLength(source));
}
