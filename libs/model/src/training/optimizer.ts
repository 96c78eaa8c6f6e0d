import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';

/**
 * Adam (Kingma & Ba 2015, Keras conventions) with optional exponential learning-rate decay
 *   lr(t) = learningRate * decayRate^(t / decaySteps)   (t = updates done so far)
 * or SGD with (optionally Nesterov) momentum  v <- momentum v - lr g;  w <- w + v.
 *
 * Why not tf.train.adam / tf.train.momentum: the decay schedule needs the learning rate changed
 * per step (a protected field there), and resuming from a checkpoint needs the slot variables in a
 * known order; here the state is the iteration count plus one list of slot arrays per variable,
 * in the order of the variable list, which is what {@link exportState} / {@link importState} carry.
 */
export const optimizerConfigSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('adam'),
    learningRate: z.number().positive().default(1e-3),
    beta1: z.number().min(0).max(1).default(0.9),
    beta2: z.number().min(0).max(1).default(0.999),
    epsilon: z.number().positive().default(1e-7),
    /** Multiply the learning rate by decayRate every decaySteps updates (continuously). */
    decayRate: z.number().positive().max(1).default(1),
    decaySteps: z.number().positive().default(1000),
  }),
  z.object({
    kind: z.literal('sgd'),
    learningRate: z.number().positive().default(0.01),
    momentum: z.number().min(0).max(1).default(0.9),
    nesterov: z.boolean().default(false),
  }),
]);
export type OptimizerConfig = z.infer<typeof optimizerConfigSchema>;
export type OptimizerConfigInput = z.input<typeof optimizerConfigSchema>;

/** Everything needed to continue optimisation exactly where it stopped. */
export interface OptimizerState {
  iterations: number;
  /** slots[i] are the accumulators of variable i (Adam: [m, v]; SGD: [velocity]). */
  slots: Float32Array[][];
}

export class Optimizer {
  readonly config: OptimizerConfig;
  private iterationCount = 0;
  private slotVariables: tf.Variable[][] | undefined;

  constructor(config: OptimizerConfigInput) {
    const parsed = optimizerConfigSchema.safeParse(config);
    if (!parsed.success) {
      throw new RangeError(`optimizer: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    this.config = parsed.data;
  }

  get iterations(): number {
    return this.iterationCount;
  }

  /** Learning rate used by the next update. */
  currentLearningRate(): number {
    const c = this.config;
    return c.kind === 'adam' ? c.learningRate * c.decayRate ** (this.iterationCount / c.decaySteps) : c.learningRate;
  }

  /**
   * One update of `variables` (always the same list, in the same order, for one optimizer)
   * along the gradient of `loss`; returns the loss value before the update.
   */
  step(loss: () => tf.Scalar, variables: tf.Variable[]): number {
    const slots = this.ensureSlots(variables);
    const { value, grads } = tf.variableGrads(loss, variables);
    const lr = this.currentLearningRate();
    const t = this.iterationCount + 1;
    tf.tidy(() => {
      variables.forEach((variable, i) => {
        const grad = grads[variable.name];
        if (grad === undefined) return; // not on the loss's path (e.g. the decoder under plain DEC)
        this.update(variable, grad, slots[i]!, lr, t);
      });
    });
    const lossValue = value.dataSync()[0]!;
    value.dispose();
    tf.dispose(grads);
    this.iterationCount = t;
    return lossValue;
  }

  exportState(): OptimizerState {
    return {
      iterations: this.iterationCount,
      slots: (this.slotVariables ?? []).map((list) => list.map((slot) => slot.dataSync() as Float32Array).map((a) => a.slice())),
    };
  }

  /** Restores a state exported for the same variable list. */
  importState(state: OptimizerState, variables: tf.Variable[]): void {
    const expectedSlots = this.config.kind === 'adam' ? 2 : 1;
    if (state.slots.length !== 0 && state.slots.length !== variables.length) {
      throw new RangeError(`state.slots: expected ${variables.length} variables, got ${state.slots.length}`);
    }
    this.disposeSlots();
    if (state.slots.length > 0) {
      this.slotVariables = variables.map((variable, i) => {
        const saved = state.slots[i]!;
        if (saved.length !== expectedSlots || saved.some((a) => a.length !== variable.size)) {
          throw new RangeError(`state.slots[${i}]: expected ${expectedSlots} arrays of ${variable.size} values`);
        }
        return saved.map((values) => newSlot(() => tf.tensor(values, variable.shape)));
      });
    }
    this.iterationCount = state.iterations;
  }

  dispose(): void {
    this.disposeSlots();
  }

  private disposeSlots(): void {
    for (const list of this.slotVariables ?? []) for (const slot of list) slot.dispose();
    this.slotVariables = undefined;
  }

  private ensureSlots(variables: tf.Variable[]): tf.Variable[][] {
    if (this.slotVariables === undefined) {
      const count = this.config.kind === 'adam' ? 2 : 1;
      this.slotVariables = variables.map((v) => Array.from({ length: count }, () => newSlot(() => tf.zerosLike(v))));
    } else if (this.slotVariables.length !== variables.length) {
      throw new RangeError(`variables: expected the ${this.slotVariables.length} variables this optimizer was used with, got ${variables.length}`);
    }
    return this.slotVariables;
  }

  private update(variable: tf.Variable, grad: tf.Tensor, slots: tf.Variable[], lr: number, t: number): void {
    const c = this.config;
    if (c.kind === 'adam') {
      const [m, v] = slots as [tf.Variable, tf.Variable];
      m.assign(tf.add(tf.mul(m, c.beta1), tf.mul(grad, 1 - c.beta1)));
      v.assign(tf.add(tf.mul(v, c.beta2), tf.mul(tf.square(grad), 1 - c.beta2)));
      const stepSize = (lr * Math.sqrt(1 - c.beta2 ** t)) / (1 - c.beta1 ** t);
      variable.assign(tf.sub(variable, tf.mul(tf.div(m, tf.add(tf.sqrt(v), c.epsilon)), stepSize)));
    } else {
      const [velocity] = slots as [tf.Variable];
      velocity.assign(tf.sub(tf.mul(velocity, c.momentum), tf.mul(grad, lr)));
      const delta = c.nesterov ? tf.sub(tf.mul(velocity, c.momentum), tf.mul(grad, lr)) : velocity;
      variable.assign(tf.add(variable, delta));
    }
  }
}

/**
 * A non-trainable variable holding `initial()`. Inside a tidy: tf.variable shares the initial
 * tensor's data but leaves the tensor itself registered, one leaked tensor per slot otherwise.
 */
function newSlot(initial: () => tf.Tensor): tf.Variable {
  return tf.tidy(() => tf.variable(initial(), false));
}
