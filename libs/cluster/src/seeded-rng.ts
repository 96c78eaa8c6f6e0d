/**
 * Seeded pseudo-random generator whose whole state can be saved and restored, so a training run
 * resumed from a checkpoint draws exactly the shuffles an uninterrupted run would have drawn.
 * sfc32 (Chris Doty-Humphrey, PractRand-tested) seeded through splitmix32 so that nearby seeds give
 * unrelated streams; only 32-bit integer arithmetic, so it is identical on every platform.
 */
export class SeededRng {
  private a: number;
  private b: number;
  private c: number;
  private counter: number;

  private constructor(state: readonly [number, number, number, number]) {
    [this.a, this.b, this.c, this.counter] = state;
  }

  /** A generator for `seed` (any finite number; its low 32 bits after truncation select the stream). */
  static fromSeed(seed: number): SeededRng {
    if (!Number.isFinite(seed)) throw new RangeError(`seed: expected a finite number, got ${seed}`);
    let mix = Math.trunc(seed) >>> 0;
    const splitmix32 = (): number => {
      mix = (mix + 0x9e3779b9) | 0;
      let z = mix;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    const rng = new SeededRng([splitmix32(), splitmix32(), splitmix32(), 1]);
    for (let i = 0; i < 12; i++) rng.nextUint32(); // sfc32's recommended warm-up
    return rng;
  }

  /** Restores a generator from {@link SeededRng.state}. */
  static fromState(state: readonly number[]): SeededRng {
    if (state.length !== 4 || state.some((v) => !Number.isInteger(v))) {
      throw new RangeError(`state: expected 4 integers, got ${JSON.stringify(state)}`);
    }
    return new SeededRng([state[0]! | 0, state[1]! | 0, state[2]! | 0, state[3]! | 0]);
  }

  /** The four 32-bit words of the state (JSON-serialisable). */
  state(): [number, number, number, number] {
    return [this.a, this.b, this.c, this.counter];
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.counter) | 0;
    this.counter = (this.counter + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** Uniform integer in [0, n) for n <= 2^32 (from 53 random bits, so the bias is below 2^-21). */
  nextInt(n: number): number {
    return Math.floor(this.nextFloat() * n);
  }

  /** Fisher-Yates shuffle of `values` in place; returns it. */
  shuffle<T extends Int32Array | number[]>(values: T): T {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const tmp = values[i]!;
      values[i] = values[j]!;
      values[j] = tmp;
    }
    return values;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle(out);
  }
}
