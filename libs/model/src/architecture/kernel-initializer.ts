/**
 * Kernel initialisers an architecture can ask for, each seeded (one derived seed per layer).
 *
 * - `glorotUniform` (the default): U[-l, l] with l = sqrt(6 / (fan_in + fan_out)).
 * - `varianceScaling` (Keras' VarianceScaling, TF 2 conventions): with n = fan_in, fan_out or
 *   (fan_in + fan_out) / 2 per `mode`,
 *     uniform:         U[-l, l], l = sqrt(3 scale / n)
 *     truncatedNormal: N(0, s^2) cut at 2 s, s = sqrt(scale / n) / 0.87962566103423978
 *                      (the divisor is the standard deviation of a unit normal truncated at +-2,
 *                      so the drawn weights have variance scale / n).
 *   DEC-keras initialises its mnist / fmnist autoencoders with scale 1/3, fanIn, uniform, i.e.
 *   U[-sqrt(1/fan_in), sqrt(1/fan_in)].
 *
 * Fans follow Keras: a [in, out] kernel has fan_in = in, fan_out = out; a convolution kernel
 * [kh, kw, in, out] has fan_in = kh kw in, fan_out = kh kw out.
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';

/** Standard deviation of a unit normal truncated to [-2, 2] (Keras' correction). */
const TRUNCATED_NORMAL_STDDEV = 0.87962566103423978;

export const kernelInitializerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('glorotUniform') }).strict(),
  z
    .object({
      kind: z.literal('varianceScaling'),
      scale: z.number().positive().finite(),
      mode: z.enum(['fanIn', 'fanOut', 'fanAvg']),
      distribution: z.enum(['uniform', 'truncatedNormal']),
    })
    .strict(),
]);
export type KernelInitializerConfig = z.infer<typeof kernelInitializerSchema>;

/** DEC-keras' initialiser for mnist / fmnist: VarianceScaling(1/3, fan_in, uniform). */
export const DEC_KERAS_KERNEL_INITIALIZER: KernelInitializerConfig = Object.freeze({
  kind: 'varianceScaling',
  scale: 1 / 3,
  mode: 'fanIn',
  distribution: 'uniform',
}) as KernelInitializerConfig;

export type TfInitializer = ReturnType<typeof tf.initializers.glorotUniform>;

/** The tfjs initialiser for a (validated) configuration; undefined means glorotUniform. */
export function createKernelInitializer(config: KernelInitializerConfig | undefined, seed: number): TfInitializer {
  if (config === undefined || config.kind === 'glorotUniform') return tf.initializers.glorotUniform({ seed });
  const { scale, mode, distribution } = config;
  // tfjs' VarianceScaling draws U[-sqrt(3 scale/n), +] for 'uniform' and a normal of stddev
  // sqrt(scale/n) truncated at 2 stddev for 'normal' (without Keras' correction), so the
  // truncated case passes the corrected scale.
  return distribution === 'uniform'
    ? tf.initializers.varianceScaling({ scale, mode, distribution: 'uniform', seed })
    : tf.initializers.varianceScaling({ scale: scale / TRUNCATED_NORMAL_STDDEV ** 2, mode, distribution: 'normal', seed });
}
