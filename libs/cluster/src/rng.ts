import { SeededRng } from './seeded-rng';

/** A seeded pseudo-random generator: every random choice in this library goes through one. */
export interface Rng {
  /** Uniform double in [0, 1) with 53 random bits. */
  nextFloat(): number;
  /** Uniform integer in [0, n). */
  nextInt(n: number): number;
  /** Raw 32-bit unsigned output, used to derive seeds for independent streams (one per restart). */
  nextUint32(): number;
}

/**
 * Small fast counter PRNG (sfc32, Chris Doty-Humphrey, PractRand-tested) seeded through splitmix32
 * so that nearby seeds (0, 1, 2, ...) give unrelated streams. Deterministic across platforms:
 * only 32-bit integer arithmetic (Math.imul, >>>) is used. Not cryptographic.
 *
 * @param seed any finite number; its low 32 bits (after truncation) select the stream.
 */
export function createRng(seed: number): Rng {
  return SeededRng.fromSeed(seed);
}
