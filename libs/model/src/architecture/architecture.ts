import { z } from 'zod';
import { kernelInitializerSchema, type KernelInitializerConfig } from './kernel-initializer';

export { createKernelInitializer, DEC_KERAS_KERNEL_INITIALIZER, kernelInitializerSchema, type KernelInitializerConfig } from './kernel-initializer';

/** Activations the builders understand (tfjs names). */
export const ACTIVATIONS = ['elu', 'relu', 'linear', 'tanh', 'sigmoid', 'selu'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

const positiveInt = z.number().int().positive();
const shape3 = z.tuple([positiveInt, positiveInt, positiveInt]);

/**
 * A convolutional autoencoder: `filters.length` Conv2D layers with stride 2 and 'same' padding,
 * flatten, a linear dense latent layer; the decoder mirrors it (dense, reshape, Conv2DTranspose with
 * the filters and kernels in reverse order, the last one back to the input's channels).
 * Height and width must be divisible by 2^filters.length so the decoder lands on the input shape.
 */
export const convArchitectureSchema = z
  .object({
    kind: z.literal('conv'),
    /** [height, width, channels] of one sample. */
    inputShape: shape3,
    /** Output channels of each encoder convolution. */
    filters: z.array(positiveInt).min(1),
    /** [kernelHeight, kernelWidth] of each encoder convolution (same length as filters). */
    kernelSizes: z.array(z.tuple([positiveInt, positiveInt])).min(1),
    activation: z.enum(ACTIVATIONS),
    /** Dimension of the embedding (the linear bottleneck). */
    latentDim: positiveInt,
    /** Activation of the reconstruction (linear for standardised inputs). */
    outputActivation: z.enum(ACTIVATIONS).default('linear'),
    /** Initialiser of every kernel (biases start at zero). Absent: glorotUniform. */
    kernelInitializer: kernelInitializerSchema.optional(),
  })
  .superRefine((arch, ctx) => {
    if (arch.kernelSizes.length !== arch.filters.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['kernelSizes'],
        message: `expected one kernel size per conv layer (${arch.filters.length}), got ${arch.kernelSizes.length}`,
      });
    }
    const factor = 2 ** arch.filters.length;
    const [height, width] = arch.inputShape;
    if (height % factor !== 0 || width % factor !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['inputShape'],
        message: `height and width must be divisible by 2^${arch.filters.length} = ${factor} (stride-2 layers), got ${height}x${width}`,
      });
    }
  });

/** A fully connected autoencoder on the flattened sample (the DEC paper's d-500-500-2000-10). */
export const denseArchitectureSchema = z.object({
  kind: z.literal('dense'),
  inputShape: shape3,
  /** Widths of the encoder's hidden layers; the decoder uses them in reverse. */
  hidden: z.array(positiveInt),
  activation: z.enum(ACTIVATIONS),
  latentDim: positiveInt,
  outputActivation: z.enum(ACTIVATIONS).default('linear'),
  /** Initialiser of every kernel (biases start at zero). Absent: glorotUniform. */
  kernelInitializer: kernelInitializerSchema.optional(),
});

export const architectureSchema = z.discriminatedUnion('kind', [convArchitectureSchema, denseArchitectureSchema]);

export type ConvArchitecture = z.infer<typeof convArchitectureSchema>;
export type DenseArchitecture = z.infer<typeof denseArchitectureSchema>;
export type Architecture = z.infer<typeof architectureSchema>;
export type ArchitectureInput = z.input<typeof architectureSchema>;

/** Validates a configuration (from YAML/JSON or code); errors name the offending field. */
export function parseArchitecture(config: unknown): Architecture {
  const result = architectureSchema.safeParse(config);
  if (!result.success) {
    const details = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new RangeError(`architecture: ${details.join('; ')}`);
  }
  return result.data;
}

/**
 * ClusTremor's autoencoder (clustering of volcanic tremor spectrograms): 96x128x1 input,
 * Conv2D 8/16/32/64 with kernels 7x5, 5x3, 5x3, 5x3, stride 2, ELU, 24-d latent, mirrored decoder.
 */
export const CLUSTREMOR_ARCHITECTURE: ConvArchitecture = Object.freeze({
  kind: 'conv',
  inputShape: [96, 128, 1],
  filters: [8, 16, 32, 64],
  kernelSizes: [
    [7, 5],
    [5, 3],
    [5, 3],
    [5, 3],
  ],
  activation: 'elu',
  latentDim: 24,
  outputActivation: 'linear',
}) as ConvArchitecture;

/**
 * The slope-hazard variant: 128x128x3 input, filters 12/24/36/48, ReLU, 64-d latent. The source
 * gives no kernel sizes; 5x5 then 3x3 follow the same "wide first layer" pattern as ClusTremor.
 */
export const SLOPE_HAZARD_ARCHITECTURE: ConvArchitecture = Object.freeze({
  kind: 'conv',
  inputShape: [128, 128, 3],
  filters: [12, 24, 36, 48],
  kernelSizes: [
    [5, 5],
    [3, 3],
    [3, 3],
    [3, 3],
  ],
  activation: 'relu',
  latentDim: 64,
  outputActivation: 'linear',
}) as ConvArchitecture;

/**
 * The DEC paper's d-500-500-2000-10 fully connected autoencoder for a given sample shape; pass
 * DEC_KERAS_KERNEL_INITIALIZER for DEC-keras' mnist / fmnist initialisation (default glorotUniform).
 */
export function decPaperArchitecture(inputShape: [number, number, number], latentDim = 10, kernelInitializer?: KernelInitializerConfig): DenseArchitecture {
  return parseArchitecture({
    kind: 'dense',
    inputShape,
    hidden: [500, 500, 2000],
    activation: 'relu',
    latentDim,
    outputActivation: 'linear',
    ...(kernelInitializer === undefined ? {} : { kernelInitializer }),
  }) as DenseArchitecture;
}

/** ClusTremor's layer stack on another input shape (sides divisible by 16); shapes are derived. */
export function clustremorArchitectureFor(inputShape: [number, number, number], latentDim = 24): ConvArchitecture {
  return parseArchitecture({ ...CLUSTREMOR_ARCHITECTURE, inputShape, latentDim }) as ConvArchitecture;
}

/** Shapes derived from a conv architecture: every encoder stage and the tensor before flatten. */
export function convStageShapes(arch: ConvArchitecture): Array<[number, number, number]> {
  const shapes: Array<[number, number, number]> = [arch.inputShape];
  let [height, width] = arch.inputShape;
  for (const filters of arch.filters) {
    height /= 2;
    width /= 2;
    shapes.push([height, width, filters]);
  }
  return shapes;
}

/** Number of values in one sample. */
export function sampleSize(arch: Architecture): number {
  return arch.inputShape[0] * arch.inputShape[1] * arch.inputShape[2];
}
