import fc from 'fast-check';
import { stft, type StftOptions } from './stft';
import { expectAllClose, loadFixture, peak } from './internal/fixtures.spec-helper';

const fixture = loadFixture('spectra');
const x = Float64Array.from(fixture.x as number[]);

interface ComplexRef { re: number[]; im: number[]; shape: [number, number] }

function expectMatches(result: { nFreq: number; nFrames: number; re: Float64Array; im: Float64Array }, ref: ComplexRef, relTol: number): void {
  expect([result.nFreq, result.nFrames]).toEqual(ref.shape);
  const scale = Math.max(peak(ref.re), peak(ref.im));
  expectAllClose(result.re, ref.re, { atol: relTol * scale });
  expectAllClose(result.im, ref.im, { atol: relTol * scale });
}

describe('stft', () => {
  it('puts a bin-centred sinusoid in its bin with amplitude A/2 under scipy spectrum scaling (hand-checked)', () => {
    const n = 1024;
    const tone = Float64Array.from({ length: n }, (_, i) => 3 * Math.cos((2 * Math.PI * 8 * i) / 64));
    const r = stft(tone, { nperseg: 64, hop: 32 });
    const t = 10; // an interior frame
    expect(Math.hypot(r.re[8 * r.nFrames + t]!, r.im[8 * r.nFrames + t]!)).toBeCloseTo(1.5, 10);
    expect(Math.hypot(r.re[3 * r.nFrames + t]!, r.im[3 * r.nFrames + t]!)).toBeCloseTo(0, 10);
  });

  it('reproduces scipy.signal.stft (values, f, t) to 1e-10 of the peak', () => {
    for (const c of fixture.scipy as { options: Record<string, unknown>; f: number[]; t: number[]; Z: ComplexRef }[]) {
      const o = c.options as { nperseg: number; noverlap: number; nfft?: number; boundary?: null; padded?: boolean; scaling?: 'psd'; window: string };
      const options: StftOptions = {
        convention: 'scipy',
        samplingRate: 100,
        nperseg: o.nperseg,
        hop: o.nperseg - o.noverlap,
        nfft: o.nfft,
        boundary: o.boundary === null ? 'none' : 'zeros',
        padded: o.padded ?? true,
        scaling: o.scaling ?? 'spectrum',
        window: o.window === 'hann-symmetric' ? 'hann' : (o.window as 'hann' | 'hamming'),
        symmetricWindow: o.window === 'hann-symmetric',
      };
      const r = stft(x, options);
      expectMatches(r, c.Z, 1e-10);
      expectAllClose(r.frequencies, c.f, { rtol: 1e-10 });
      expectAllClose(r.times, c.t, { rtol: 1e-10 });
    }
  });

  it('reproduces librosa.stft (center, pad_mode, win_length < n_fft, non-power-of-two n_fft, center=False) to 1e-10', () => {
    for (const c of fixture.librosa as { options: { n_fft: number; hop_length: number; win_length?: number; pad_mode?: 'reflect'; center?: boolean; window?: 'hamming' }; t: number[]; S: ComplexRef }[]) {
      const o = c.options;
      const r = stft(x, {
        convention: 'librosa',
        samplingRate: 100,
        nfft: o.n_fft,
        nperseg: o.win_length ?? o.n_fft,
        hop: o.hop_length,
        padMode: o.pad_mode ?? 'constant',
        center: o.center ?? true,
        window: o.window ?? 'hann',
      });
      expectMatches(r, c.S, 1e-10);
      // our times are frame centres: librosa.frames_to_time(..., n_fft=n_fft) when center=False
      const offset = o.center === false ? o.n_fft / 2 / 100 : 0;
      expectAllClose(r.times, c.t.map((t) => t + offset), { rtol: 1e-10 });
    }
  });

  it('is linear in the input', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 64, maxLength: 300 }), fc.double({ min: -3, max: 3, noNaN: true }), (v, k) => {
        const a = stft(Float64Array.from(v), { nperseg: 32, hop: 16 });
        const b = stft(Float64Array.from(v, (s) => k * s), { nperseg: 32, hop: 16 });
        expectAllClose(b.re, Array.from(a.re, (s) => k * s), { atol: 1e-9 });
      }),
      { numRuns: 40 },
    );
  });

  it("returns float32 re/im equal to the float64 result rounded with precision: 'float32'", () => {
    const options = { nperseg: 128, hop: 40 } as const;
    const wide = stft(x, options);
    const narrow = stft(x, { ...options, precision: 'float32' });
    expect(narrow.re).toBeInstanceOf(Float32Array);
    expect(Array.from(narrow.re)).toEqual(Array.from(Float32Array.from(wide.re)));
    expect(Array.from(narrow.im)).toEqual(Array.from(Float32Array.from(wide.im)));
    expect(() => stft(x, { precision: 'float16' as 'float32' })).toThrow(/precision/);
  });

  it('rejects nfft < nperseg and too-short input', () => {
    expect(() => stft(x, { nperseg: 256, nfft: 128 })).toThrow(/nfft: expected nfft >= nperseg/);
    expect(() => stft(new Float64Array(10), { convention: 'librosa', nfft: 256, center: false })).toThrow(/x: expected at least nfft/);
  });
});
