import { readNpy } from './npy';
import { readRepoFile, reference, sha256OfSamples } from './testing/fixtures';

describe('readNpy against NumPy (reference.json)', () => {
  const readable = reference.npy.filter((r) => !r.fortranOrder && r.descr.includes('f'));

  it.each(readable.map((r) => [r.file, r] as const))('%s', (file, ref) => {
    const array = readNpy(readRepoFile(file), file);
    expect(array.shape).toEqual(ref.shape);
    expect(array.dtype).toBe(ref.dtype);
    expect(array.data.length).toBe(ref.npts);
    expect(Array.from(array.data.subarray(0, 10))).toEqual(ref.first);
    expect(sha256OfSamples(array.data)).toBe(ref.sha256);
  });

  it('reads the ClusTremor Input.npy layout (windows x 96 x 128, float32, C order)', () => {
    const file = 'tools/fixtures/seismic-io/generated/clustremor-like-f4.npy';
    const array = readNpy(readRepoFile(file), file);
    expect(array.shape).toEqual([2, 96, 128]);
    // C order: element [1, 95, 127] is the last one.
    expect(array.data[1 * 96 * 128 + 95 * 128 + 127]).toBe(reference.npy[0]!.last!.at(-1));
  });

  it('refuses Fortran order and non-float dtypes with the reason', () => {
    const fortran = 'tools/fixtures/seismic-io/generated/fortran-f4.npy';
    expect(() => readNpy(readRepoFile(fortran), fortran)).toThrow(/unsupported: expected C order \(fortran_order False\).*found fortran_order True/);
    const ints = 'tools/fixtures/seismic-io/generated/int16.npy';
    expect(() => readNpy(readRepoFile(ints), ints)).toThrow(/unsupported: expected dtype float32 or float64.*found '<i2'/);
  });
});

describe('readNpy on hand-made files', () => {
  /** A version 1.0 .npy file: magic, version, header length, header dict padded to 64 bytes, data. */
  function npy(header: string, data: Uint8Array): Uint8Array {
    const padded = header.padEnd(Math.ceil((header.length + 11) / 16) * 16 - 11, ' ') + '\n';
    const out = new Uint8Array(10 + padded.length + data.length);
    out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    new DataView(out.buffer).setUint16(8, padded.length, true);
    out.set(new TextEncoder().encode(padded), 10);
    out.set(data, 10 + padded.length);
    return out;
  }

  it('reads a hand-checkable 2 x 2 float64 array in C order', () => {
    const values = new Float64Array([1, 2, 3, 4]);
    const array = readNpy(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", new Uint8Array(values.buffer)), 'm.npy');
    expect(array).toEqual({ dtype: 'float64', shape: [2, 2], data: values });
  });

  it('copies when the data is not aligned for a zero-copy view', () => {
    const file = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", new Uint8Array(new Float32Array([0.5, -1, 8]).buffer));
    const shifted = new Uint8Array(file.length + 1).subarray(1);
    shifted.set(file);
    expect(Array.from(readNpy(shifted, 'm.npy').data)).toEqual([0.5, -1, 8]);
  });

  it.each([
    ['empty', new Uint8Array(0), 0, 'empty'],
    ['wrong magic', new TextEncoder().encode('PK\u0003\u0004 not numpy at all'), 0, 'bad-header'],
    ['missing data', npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2390, 96, 128), }", new Uint8Array(16)), 80, 'truncated'],
    ['header without shape', npy("{'descr': '<f4', 'fortran_order': False}", new Uint8Array(0)), 10, 'bad-header'],
  ])('%s -> %s error at the right byte', (_name, bytes, offset, problem) => {
    expect(() => readNpy(bytes, 'm.npy')).toThrow(expect.objectContaining({ file: 'm.npy', offset, problem }));
  });
});
