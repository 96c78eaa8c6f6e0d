import { spectrogram } from './spectrogram';
import { stft } from './stft';
import { expectAllClose, loadFixture } from './internal/fixtures.spec-helper';

const fixture = loadFixture('spectra');
const x = Float64Array.from(fixture.x as number[]);

describe('spectrogram', () => {
  it('equals |stft|, |stft|^2 (float32 rounding) for both conventions', () => {
    for (const convention of ['scipy', 'librosa'] as const) {
      const z = stft(x, { convention, nperseg: 128, hop: 40 });
      const power = Array.from(z.re, (re, i) => re * re + z.im[i]! * z.im[i]!);
      expectAllClose(spectrogram(x, { convention, nperseg: 128, hop: 40, output: 'power' }).data, power, { rtol: 1e-6, atol: 1e-30 });
      expectAllClose(spectrogram(x, { convention, nperseg: 128, hop: 40, output: 'magnitude' }).data, power.map(Math.sqrt), { rtol: 1e-6, atol: 1e-30 });
    }
  });

  it('matches librosa.power_to_db (ref=1, amin=1e-10, top_db None and 80) to 1e-4 dB', () => {
    const ref = fixture.powerToDb as { db: number[]; dbTop80: number[] };
    const options = { convention: 'librosa', nfft: 256, hop: 64, nperseg: 256 } as const;
    expectAllClose(spectrogram(x, { ...options, output: 'db' }).data, ref.db, { atol: 1e-4 });
    expectAllClose(spectrogram(x, { ...options, output: 'db', topDb: 80 }).data, ref.dbTop80, { atol: 1e-4 });
  });

  it('floors silence at 10 log10(amin) (hand-checked)', () => {
    const s = spectrogram(new Float64Array(512), { nperseg: 64, output: 'db', amin: 1e-6 });
    expect(s.data.every((v) => Math.abs(v + 60) < 1e-4)).toBe(true);
  });
});
