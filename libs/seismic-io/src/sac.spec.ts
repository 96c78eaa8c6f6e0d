import { SeismicFormatError } from './errors';
import { readSac, sacSampleTimeNs } from './sac';
import { readRepoFile, reference, sha256OfSamples } from './testing/fixtures';

describe('readSac against ObsPy (reference.json)', () => {
  describe.each(reference.sac.map((r) => [r.file, r] as const))('%s', (file, ref) => {
    const trace = readSac(readRepoFile(file), file);

    it('reads the samples, start time, rate and codes', () => {
      expect(trace.id).toBe(ref.id);
      expect(trace.startNs?.toString()).toBe(ref.startNs);
      expect(trace.sampleRate).toBe(ref.sampleRate);
      expect(trace.data.length).toBe(ref.npts);
      expect(sha256OfSamples(trace.data)).toBe(ref.sha256);
      expect(trace.data2).toBeUndefined();
    });

    it('reads every header field ObsPy reports (float32 fields to float32 precision)', () => {
      for (const [name, value] of Object.entries(ref.header)) {
        const ours = trace.header[name as keyof typeof trace.header];
        if (typeof value === 'number' && !Number.isInteger(value)) expect(Math.fround(ours as number)).toBe(Math.fround(value));
        // ObsPy shows an undefined ("-12345") kevnm as ''; this reader leaves undefined fields out.
        else if (value === '') expect(ours ?? '').toBe('');
        else expect(ours).toBe(value);
      }
    });
  });

  it('reads both byte orders to the same trace', () => {
    const le = readSac(readRepoFile('tools/fixtures/seismic-io/generated/cola-le.sac'), 'le');
    const be = readSac(readRepoFile('tools/fixtures/seismic-io/generated/cola-be.sac'), 'be');
    expect(le.littleEndian).toBe(true);
    expect(be.littleEndian).toBe(false);
    expect(be.data).toEqual(le.data);
    expect(be.header).toEqual(le.header);
  });

  it('places sample i at start + i / rate', () => {
    const file = 'data/luhu/sac/TW.LH01.EHZ.00.2020.088.13.sac';
    const trace = readSac(readRepoFile(file), file);
    expect(sacSampleTimeNs(trace, 100)).toBe(trace.startNs! + 1_000_000_000n);
  });
});

describe('readSac on bad input', () => {
  const good = readRepoFile('tools/fixtures/seismic-io/generated/cola-le.sac');

  it.each([
    ['empty', new Uint8Array(0), 0, 'empty'],
    ['shorter than the header', good.subarray(0, 300), 0, 'truncated'],
    ['missing samples', good.subarray(0, good.length - 4), 632, 'truncated'],
  ])('%s', (_name, bytes, offset, problem) => {
    expect(() => readSac(bytes, 'x.sac')).toThrow(expect.objectContaining({ file: 'x.sac', offset, problem }));
  });

  it('names the NVHDR word when the header version is wrong in both byte orders', () => {
    const bytes = Uint8Array.from(good);
    new DataView(bytes.buffer).setInt32(304, 99, true);
    const error = catchError(() => readSac(bytes, 'x.sac'));
    expect(error).toBeInstanceOf(SeismicFormatError);
    expect(error.message).toBe('x.sac: byte 304: bad-header: expected SAC header version NVHDR 6 or 7 in either byte order, found 0x63000000');
  });
});

function catchError(fn: () => unknown): SeismicFormatError {
  try {
    fn();
  } catch (error) {
    return error as SeismicFormatError;
  }
  throw new Error('expected an error');
}
