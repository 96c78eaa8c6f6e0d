// Complex FFT of any length on interleaved Float64Array buffers ([re0, im0, re1, im1, ...]).
//
// Why hand-written around fft.js: fft.js (the project's FFT) only accepts power-of-two sizes, but
// obspy's resample and scipy's hilbert transform the whole trace, whose length is arbitrary (a
// 100 Hz station-day is 8,640,000 = 2^9 * 3^3 * 5^4 samples). Power-of-two sizes go straight to
// fft.js; smooth lengths (largest prime factor <= MAX_DIRECT_RADIX) use a mixed-radix
// decimation-in-time recursion in the style of KISS FFT (radix 4, 2, 3 butterflies and a generic
// O(p^2) butterfly for other primes); lengths with a large prime factor use Bluestein's chirp-z
// algorithm on a power-of-two fft.js transform. Measured on this machine (2 cores, shared): a
// complex FFT of 8,640,000 points takes about 1 s, which keeps a day-long resample/envelope usable
// (Bluestein at that length would need 2^25-point buffers, ~2 GB, for the same job).
import FFT from 'fft.js';

const MAX_DIRECT_RADIX = 31;

/** A reusable complex transform of fixed length `n`. `inverse` includes the 1/n normalisation. */
export interface FftPlan {
  readonly n: number;
  forward(input: Float64Array, output: Float64Array): void;
  inverse(input: Float64Array, output: Float64Array): void;
}

const planCache = new Map<number, FftPlan>();

/** Returns a (cached) plan for complex transforms of length `n` (n >= 1). */
export function planFft(n: number): FftPlan {
  const cached = planCache.get(n);
  if (cached) return cached;
  const plan = createPlan(n);
  // Plans for huge lengths hold big twiddle tables: cache only the small ones used per frame.
  if (n <= 1 << 16) planCache.set(n, plan);
  return plan;
}

export function isPowerOfTwo(n: number): boolean {
  return n >= 2 && (n & (n - 1)) === 0;
}

function createPlan(n: number): FftPlan {
  if (n === 1) return identityPlan();
  if (isPowerOfTwo(n)) return fftJsPlan(n);
  const factors = factorize(n);
  const largestPrime = Math.max(...factors.filter((_, i) => i % 2 === 0));
  return largestPrime <= MAX_DIRECT_RADIX ? mixedRadixPlan(n, factors) : bluesteinPlan(n);
}

function identityPlan(): FftPlan {
  const copy = (input: Float64Array, output: Float64Array): void => {
    output[0] = input[0]!;
    output[1] = input[1]!;
  };
  return { n: 1, forward: copy, inverse: copy };
}

function fftJsPlan(n: number): FftPlan {
  const fft = new FFT(n);
  return {
    n,
    forward: (input, output) => fft.transform(output, input),
    inverse: (input, output) => fft.inverseTransform(output, input),
  };
}

/** [p0, m0, p1, m1, ...]: radix p_i and the remaining length m_i after it (KISS FFT order). */
function factorize(n: number): number[] {
  const factors: number[] = [];
  let rest = n;
  let p = 4;
  while (rest > 1) {
    while (rest % p !== 0) {
      if (p === 4) p = 2;
      else if (p === 2) p = 3;
      else p += 2;
      if (p * p > rest) p = rest;
    }
    rest /= p;
    factors.push(p, rest);
  }
  return factors;
}

function mixedRadixPlan(n: number, factors: number[]): FftPlan {
  const twiddles = new Float64Array(2 * n);
  for (let j = 0; j < n; j++) {
    const angle = (-2 * Math.PI * j) / n;
    twiddles[2 * j] = Math.cos(angle);
    twiddles[2 * j + 1] = Math.sin(angle);
  }
  const maxRadix = Math.max(...factors.filter((_, i) => i % 2 === 0));
  const scratch = new Float64Array(2 * maxRadix);
  const forward = (input: Float64Array, output: Float64Array): void => {
    work(output, 0, input, 0, 1, factors, 0, twiddles, n, scratch);
  };
  return { n, forward, inverse: conjugateInverse(n, forward) };
}

/** ifft(x) = conj(fft(conj(x))) / n, so one forward kernel serves both directions. */
function conjugateInverse(n: number, forward: (input: Float64Array, output: Float64Array) => void) {
  return (input: Float64Array, output: Float64Array): void => {
    const conj = new Float64Array(2 * n);
    for (let i = 0; i < 2 * n; i += 2) {
      conj[i] = input[i]!;
      conj[i + 1] = -input[i + 1]!;
    }
    forward(conj, output);
    const scale = 1 / n;
    for (let i = 0; i < 2 * n; i += 2) {
      output[i] = output[i]! * scale;
      output[i + 1] = -output[i + 1]! * scale;
    }
  };
}

function work(
  out: Float64Array,
  outOff: number,
  inp: Float64Array,
  inOff: number,
  fstride: number,
  factors: number[],
  fi: number,
  tw: Float64Array,
  n: number,
  scratch: Float64Array,
): void {
  const p = factors[fi]!;
  const m = factors[fi + 1]!;
  if (m === 1) {
    for (let k = 0; k < p; k++) {
      const src = 2 * (inOff + k * fstride);
      const dst = 2 * (outOff + k);
      out[dst] = inp[src]!;
      out[dst + 1] = inp[src + 1]!;
    }
  } else {
    for (let k = 0; k < p; k++) {
      work(out, outOff + k * m, inp, inOff + k * fstride, fstride * p, factors, fi + 2, tw, n, scratch);
    }
  }
  if (p === 4) butterfly4(out, outOff, fstride, m, tw);
  else if (p === 2) butterfly2(out, outOff, fstride, m, tw);
  else if (p === 3) butterfly3(out, outOff, fstride, m, tw);
  else if (p === 5) butterfly5(out, outOff, fstride, m, tw);
  else butterflyGeneric(out, outOff, fstride, m, p, tw, n, scratch);
}

function butterfly2(f: Float64Array, off: number, fstride: number, m: number, tw: Float64Array): void {
  for (let k = 0; k < m; k++) {
    const a = 2 * (off + k);
    const b = 2 * (off + k + m);
    const wr = tw[2 * k * fstride]!;
    const wi = tw[2 * k * fstride + 1]!;
    const br = f[b]!;
    const bi = f[b + 1]!;
    const tr = br * wr - bi * wi;
    const ti = br * wi + bi * wr;
    const ar = f[a]!;
    const ai = f[a + 1]!;
    f[b] = ar - tr;
    f[b + 1] = ai - ti;
    f[a] = ar + tr;
    f[a + 1] = ai + ti;
  }
}

function butterfly4(f: Float64Array, off: number, fstride: number, m: number, tw: Float64Array): void {
  for (let k = 0; k < m; k++) {
    const i0 = 2 * (off + k);
    const i1 = i0 + 2 * m;
    const i2 = i1 + 2 * m;
    const i3 = i2 + 2 * m;
    const t1 = 2 * k * fstride;
    const t2 = 2 * t1;
    const t3 = 3 * t1;
    const x1r = f[i1]!, x1i = f[i1 + 1]!;
    const x2r = f[i2]!, x2i = f[i2 + 1]!;
    const x3r = f[i3]!, x3i = f[i3 + 1]!;
    const s0r = x1r * tw[t1]! - x1i * tw[t1 + 1]!;
    const s0i = x1r * tw[t1 + 1]! + x1i * tw[t1]!;
    const s1r = x2r * tw[t2]! - x2i * tw[t2 + 1]!;
    const s1i = x2r * tw[t2 + 1]! + x2i * tw[t2]!;
    const s2r = x3r * tw[t3]! - x3i * tw[t3 + 1]!;
    const s2i = x3r * tw[t3 + 1]! + x3i * tw[t3]!;
    const x0r = f[i0]!, x0i = f[i0 + 1]!;
    const s5r = x0r - s1r, s5i = x0i - s1i;
    const y0r = x0r + s1r, y0i = x0i + s1i;
    const s3r = s0r + s2r, s3i = s0i + s2i;
    const s4r = s0r - s2r, s4i = s0i - s2i;
    f[i2] = y0r - s3r;
    f[i2 + 1] = y0i - s3i;
    f[i0] = y0r + s3r;
    f[i0 + 1] = y0i + s3i;
    f[i1] = s5r + s4i;
    f[i1 + 1] = s5i - s4r;
    f[i3] = s5r - s4i;
    f[i3 + 1] = s5i + s4r;
  }
}

function butterfly3(f: Float64Array, off: number, fstride: number, m: number, tw: Float64Array): void {
  const epi3i = -Math.sin((2 * Math.PI) / 3);
  for (let k = 0; k < m; k++) {
    const i0 = 2 * (off + k);
    const i1 = i0 + 2 * m;
    const i2 = i1 + 2 * m;
    const t1 = 2 * k * fstride;
    const t2 = 2 * t1;
    const x1r = f[i1]!, x1i = f[i1 + 1]!;
    const x2r = f[i2]!, x2i = f[i2 + 1]!;
    const s1r = x1r * tw[t1]! - x1i * tw[t1 + 1]!;
    const s1i = x1r * tw[t1 + 1]! + x1i * tw[t1]!;
    const s2r = x2r * tw[t2]! - x2i * tw[t2 + 1]!;
    const s2i = x2r * tw[t2 + 1]! + x2i * tw[t2]!;
    const s3r = s1r + s2r, s3i = s1i + s2i;
    const s0r = (s1r - s2r) * epi3i, s0i = (s1i - s2i) * epi3i;
    const x0r = f[i0]!, x0i = f[i0 + 1]!;
    const mr = x0r - s3r * 0.5, mi = x0i - s3i * 0.5;
    f[i0] = x0r + s3r;
    f[i0 + 1] = x0i + s3i;
    f[i2] = mr + s0i;
    f[i2 + 1] = mi - s0r;
    f[i1] = mr - s0i;
    f[i1 + 1] = mi + s0r;
  }
}

/** KISS FFT's radix-5 butterfly (the generic O(p^2) one is ~3x slower for the 5^4 in a 100 Hz day). */
function butterfly5(f: Float64Array, off: number, fstride: number, m: number, tw: Float64Array): void {
  const yaR = Math.cos((2 * Math.PI) / 5), yaI = -Math.sin((2 * Math.PI) / 5);
  const ybR = Math.cos((4 * Math.PI) / 5), ybI = -Math.sin((4 * Math.PI) / 5);
  for (let u = 0; u < m; u++) {
    const i0 = 2 * (off + u);
    const i1 = i0 + 2 * m, i2 = i1 + 2 * m, i3 = i2 + 2 * m, i4 = i3 + 2 * m;
    const t1 = 2 * u * fstride, t2 = 2 * t1, t3 = 3 * t1, t4 = 4 * t1;
    const s0r = f[i0]!, s0i = f[i0 + 1]!;
    const s1r = f[i1]! * tw[t1]! - f[i1 + 1]! * tw[t1 + 1]!, s1i = f[i1]! * tw[t1 + 1]! + f[i1 + 1]! * tw[t1]!;
    const s2r = f[i2]! * tw[t2]! - f[i2 + 1]! * tw[t2 + 1]!, s2i = f[i2]! * tw[t2 + 1]! + f[i2 + 1]! * tw[t2]!;
    const s3r = f[i3]! * tw[t3]! - f[i3 + 1]! * tw[t3 + 1]!, s3i = f[i3]! * tw[t3 + 1]! + f[i3 + 1]! * tw[t3]!;
    const s4r = f[i4]! * tw[t4]! - f[i4 + 1]! * tw[t4 + 1]!, s4i = f[i4]! * tw[t4 + 1]! + f[i4 + 1]! * tw[t4]!;
    const s7r = s1r + s4r, s7i = s1i + s4i, s10r = s1r - s4r, s10i = s1i - s4i;
    const s8r = s2r + s3r, s8i = s2i + s3i, s9r = s2r - s3r, s9i = s2i - s3i;
    f[i0] = s0r + s7r + s8r;
    f[i0 + 1] = s0i + s7i + s8i;
    const s5r = s0r + s7r * yaR + s8r * ybR, s5i = s0i + s7i * yaR + s8i * ybR;
    const s6r = s10i * yaI + s9i * ybI, s6i = -(s10r * yaI + s9r * ybI);
    f[i1] = s5r - s6r;
    f[i1 + 1] = s5i - s6i;
    f[i4] = s5r + s6r;
    f[i4 + 1] = s5i + s6i;
    const s11r = s0r + s7r * ybR + s8r * yaR, s11i = s0i + s7i * ybR + s8i * yaR;
    const s12r = -s10i * ybI + s9i * yaI, s12i = s10r * ybI - s9r * yaI;
    f[i2] = s11r + s12r;
    f[i2 + 1] = s11i + s12i;
    f[i3] = s11r - s12r;
    f[i3 + 1] = s11i - s12i;
  }
}

function butterflyGeneric(
  f: Float64Array,
  off: number,
  fstride: number,
  m: number,
  p: number,
  tw: Float64Array,
  n: number,
  scratch: Float64Array,
): void {
  for (let u = 0; u < m; u++) {
    for (let q = 0; q < p; q++) {
      const src = 2 * (off + u + q * m);
      scratch[2 * q] = f[src]!;
      scratch[2 * q + 1] = f[src + 1]!;
    }
    for (let q1 = 0; q1 < p; q1++) {
      const k = u + q1 * m;
      const step = fstride * k;
      let twIndex = 0;
      let accR = scratch[0]!;
      let accI = scratch[1]!;
      for (let q = 1; q < p; q++) {
        twIndex += step;
        twIndex %= n;
        const wr = tw[2 * twIndex]!;
        const wi = tw[2 * twIndex + 1]!;
        const sr = scratch[2 * q]!;
        const si = scratch[2 * q + 1]!;
        accR += sr * wr - si * wi;
        accI += sr * wi + si * wr;
      }
      f[2 * (off + k)] = accR;
      f[2 * (off + k) + 1] = accI;
    }
  }
}

function bluesteinPlan(n: number): FftPlan {
  let size = 2;
  while (size < 2 * n - 1) size <<= 1;
  const fft = new FFT(size);
  // chirp w_k = exp(-i pi k^2 / n); k^2 is reduced mod 2n first so the angle stays accurate.
  const chirp = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    const k2 = (k * k) % (2 * n);
    const angle = (-Math.PI * k2) / n;
    chirp[2 * k] = Math.cos(angle);
    chirp[2 * k + 1] = Math.sin(angle);
  }
  const kernel = new Float64Array(2 * size);
  for (let k = 0; k < n; k++) {
    const re = chirp[2 * k]!;
    const im = -chirp[2 * k + 1]!;
    kernel[2 * k] = re;
    kernel[2 * k + 1] = im;
    if (k > 0) {
      kernel[2 * (size - k)] = re;
      kernel[2 * (size - k) + 1] = im;
    }
  }
  const kernelSpectrum = new Float64Array(2 * size);
  fft.transform(kernelSpectrum, kernel);
  const forward = (input: Float64Array, output: Float64Array): void => {
    const a = new Float64Array(2 * size);
    for (let k = 0; k < n; k++) {
      const xr = input[2 * k]!, xi = input[2 * k + 1]!;
      const wr = chirp[2 * k]!, wi = chirp[2 * k + 1]!;
      a[2 * k] = xr * wr - xi * wi;
      a[2 * k + 1] = xr * wi + xi * wr;
    }
    const spectrum = new Float64Array(2 * size);
    fft.transform(spectrum, a);
    for (let j = 0; j < 2 * size; j += 2) {
      const ar = spectrum[j]!, ai = spectrum[j + 1]!;
      const br = kernelSpectrum[j]!, bi = kernelSpectrum[j + 1]!;
      spectrum[j] = ar * br - ai * bi;
      spectrum[j + 1] = ar * bi + ai * br;
    }
    fft.inverseTransform(a, spectrum);
    for (let k = 0; k < n; k++) {
      const cr = a[2 * k]!, ci = a[2 * k + 1]!;
      const wr = chirp[2 * k]!, wi = chirp[2 * k + 1]!;
      output[2 * k] = cr * wr - ci * wi;
      output[2 * k + 1] = cr * wi + ci * wr;
    }
  };
  return { n, forward, inverse: conjugateInverse(n, forward) };
}
