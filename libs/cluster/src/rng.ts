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
  if (!Number.isFinite(seed)) throw new RangeError(`seed: expected a finite number, got ${seed}`);
  let mix = Math.trunc(seed) >>> 0;
  const splitmix32 = (): number => {
    mix = (mix + 0x9e3779b9) | 0;
    let z = mix;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix32();
  let b = splitmix32();
  let c = splitmix32();
  let counter = 1;
  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + counter) | 0;
    counter = (counter + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard the first outputs: sfc32's authors recommend warming the state up.
  for (let i = 0; i < 12; i++) nextUint32();
  const nextFloat = (): number => {
    const high = nextUint32() >>> 5; // 27 bits
    const low = nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  };
  const nextInt = (n: number): number => Math.floor(nextFloat() * n);
  return { nextFloat, nextInt, nextUint32 };
}
