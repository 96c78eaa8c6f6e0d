import fc from 'fast-check';
import FFT from 'fft.js';
import { PairedFrameFft } from './paired-frame-fft';
import { FramePairs, type FrameKernel } from './stft-engine';
import { stftGeometry, type StftOptions } from './stft-geometry';
import { expectAllClose, peak } from './fixtures.spec-helper';
import type { RealArray } from '../types';

/** Every frame pair's transform, concatenated, from one kernel. */
function pairSpectra(x: RealArray, options: StftOptions, kernel: FrameKernel): { values: number[]; pairs: number[] } {
  const { geometry } = stftGeometry(x.length, options);
  const values: number[] = [];
  const pairs: number[] = [];
  const framePairs = new FramePairs(x, geometry, kernel);
  for (let t = 0; t < geometry.nFrames; t += 2) {
    values.push(...framePairs.transform(t));
    pairs.push(t);
  }
  return { values, pairs };
}

function expectFastEqualsReference(x: RealArray, options: StftOptions): void {
  const fast = pairSpectra(x, options, 'auto');
  const reference = pairSpectra(x, options, 'generic');
  expect(fast.pairs).toEqual(reference.pairs);
  // the brief asks for 1e-6 relative; both are radix-4 decimation in time, so they agree far closer
  expectAllClose(fast.values, reference.values, { atol: 1e-12 * Math.max(peak(reference.values), 1e-300) });
}

describe('PairedFrameFft', () => {
  it('transforms a delta and a constant exactly (hand-checked)', () => {
    // a = delta at sample 1 (window 2, halved to 1): Z[k] = e^{-2 pi i k / 8}; b = ones * 1: Z[0] += 8 i
    const n = 8;
    const fft = new PairedFrameFft(n, new Float64Array(n).fill(2), 0);
    const a = Float64Array.from({ length: n }, (_, i) => (i === 1 ? 1 : 0));
    const b = new Float64Array(n).fill(1);
    fft.transform(a, 0, b, 0);
    for (let k = 0; k < n; k++) {
      expect(fft.z[2 * k]).toBeCloseTo(Math.cos((-2 * Math.PI * k) / n), 14);
      expect(fft.z[2 * k + 1]).toBeCloseTo(Math.sin((-2 * Math.PI * k) / n) + (k === 0 ? 8 : 0), 14);
    }
  });

  it('equals fft.js on the same windowed pair for every power-of-two size 4..2048 (both first-stage radices)', () => {
    for (let n = 4; n <= 2048; n *= 2) {
      const frame = Math.max(1, n - 3);
      const window = Float64Array.from({ length: frame }, (_, i) => 0.5 + 0.4 * Math.sin(i));
      const x = Float64Array.from({ length: frame + 9 }, (_, i) => Math.cos(0.37 * i * i) + 0.1 * i);
      const fft = new PairedFrameFft(n, window, 1);
      fft.transform(x, 2, x, 7);
      const pair = new Float64Array(2 * n);
      for (let i = 0; i < frame; i++) {
        pair[2 * (i + 1)] = 0.5 * x[2 + i]! * window[i]!;
        pair[2 * (i + 1) + 1] = 0.5 * x[7 + i]! * window[i]!;
      }
      const expected = new Float64Array(2 * n);
      new FFT(n).transform(expected, pair);
      expectAllClose(fft.z, expected, { atol: 1e-13 * peak(expected) });
    }
  });
});

describe('FramePairs fast path (PairedFrameFft) vs reference path (fft.js via planFft)', () => {
  const signal = Float32Array.from({ length: 3001 }, (_, i) => Math.sin(0.05 * i) * 1000 + ((i * 7919) % 113) - 56);

  it('agrees for the day-long configuration and both conventions, edge frames and an odd frame count included', () => {
    expectFastEqualsReference(signal, { nperseg: 256, hop: 128 });
    expectFastEqualsReference(signal.subarray(0, 2900), { nperseg: 256, hop: 100 });
    expectFastEqualsReference(signal, { convention: 'librosa', nfft: 512, nperseg: 300, hop: 77, padMode: 'reflect' });
    expectFastEqualsReference(Float64Array.from(signal), { nperseg: 128, nfft: 512, hop: 64, boundary: 'none', padded: false, window: 'hamming' });
  });

  it('agrees on random geometries (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 9 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 1, max: 600 }),
        fc.constantFrom('scipy' as const, 'librosa' as const),
        fc.constantFrom('constant' as const, 'reflect' as const),
        fc.boolean(),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (log2, extra, length, convention, padMode, float32, seed) => {
          const nfft = 2 ** (log2 + extra);
          const nperseg = 2 ** log2 - (seed % 3);
          const hop = 1 + (seed % nperseg);
          const values = Array.from({ length: length + nfft }, (_, i) => Math.sin(seed + 1.3 * i) * (1 + (i % 5)));
          const x = float32 ? Float32Array.from(values) : Float64Array.from(values);
          expectFastEqualsReference(x, { convention, nperseg, nfft, hop, padMode });
        },
      ),
      { numRuns: 40 },
    );
  });
});
