import { describeBytes, SeismicFormatError } from './errors';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export interface NpyArray {
  dtype: 'float32' | 'float64';
  /** Array shape, C (row-major) order: the last index varies fastest in `data`. */
  shape: number[];
  /** The elements, flattened in C order; a view into the input bytes when they are aligned and little-endian. */
  data: Float32Array | Float64Array;
}

/**
 * Reads a NumPy `.npy` file (format 1.0, 2.0 or 3.0) holding a float32 or float64 array in C order,
 * in either byte order; e.g. ClusTremor's `Input.npy` of shape (2390, 96, 128). Other dtypes and
 * Fortran order are refused with the reason.
 */
export function readNpy(bytes: Uint8Array, file: string): NpyArray {
  if (bytes.length === 0) throw new SeismicFormatError(file, 0, 'empty', 'a .npy file starting with \\x93NUMPY', 'an empty file');
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new SeismicFormatError(file, 0, 'bad-header', 'the .npy magic \\x93NUMPY', describeBytes(bytes, 0, 6));
  }
  const major = bytes[6] as number;
  if (major < 1 || major > 3) throw new SeismicFormatError(file, 6, 'unsupported', '.npy format version 1, 2 or 3', String(major));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) throw new SeismicFormatError(file, 8, 'truncated', 'the .npy header length', `${bytes.length - 8} bytes`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = 8 + lengthBytes;
  const dataStart = headerStart + headerLength;
  if (bytes.length < dataStart) throw new SeismicFormatError(file, headerStart, 'truncated', `a ${headerLength}-byte .npy header`, `${bytes.length - headerStart} bytes`);
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataStart));
  const { descr, fortranOrder, shape } = parseHeader(text, file, headerStart);
  const dtype = descr.slice(1) === 'f4' ? 'float32' : descr.slice(1) === 'f8' ? 'float64' : undefined;
  if (!dtype || !'<>='.includes(descr[0] as string)) {
    throw new SeismicFormatError(file, headerStart, 'unsupported', "dtype float32 or float64 ('<f4', '<f8', '>f4' or '>f8')", `'${descr}'`);
  }
  if (fortranOrder) throw new SeismicFormatError(file, headerStart, 'unsupported', "C order (fortran_order False); save with np.ascontiguousarray", 'fortran_order True');
  const count = shape.reduce((product, n) => product * n, 1);
  const size = dtype === 'float32' ? 4 : 8;
  if (bytes.length - dataStart < count * size) {
    throw new SeismicFormatError(file, dataStart, 'truncated', `${count} ${dtype} elements (${count * size} bytes) for shape (${shape.join(', ')})`, `${bytes.length - dataStart} bytes`);
  }
  const littleEndian = descr[0] !== '>';
  return { dtype, shape, data: readElements(bytes, view, dataStart, count, dtype, littleEndian) };
}

function parseHeader(text: string, file: string, at: number): { descr: string; fortranOrder: boolean; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new SeismicFormatError(file, at, 'bad-header', "a .npy header dict with 'descr', 'fortran_order' and 'shape'", JSON.stringify(text.trim().slice(0, 120)));
  }
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      if (!/^\d+$/.test(s)) throw new SeismicFormatError(file, at, 'bad-header', 'non-negative integer dimensions in shape', JSON.stringify(shapeText));
      return Number(s);
    });
  return { descr, fortranOrder: fortran === 'True', shape };
}

function readElements(bytes: Uint8Array, view: DataView, start: number, count: number, dtype: 'float32' | 'float64', littleEndian: boolean): Float32Array | Float64Array {
  const size = dtype === 'float32' ? 4 : 8;
  const hostLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const absolute = bytes.byteOffset + start;
  if (littleEndian === hostLittleEndian && absolute % size === 0) {
    return dtype === 'float32' ? new Float32Array(bytes.buffer, absolute, count) : new Float64Array(bytes.buffer, absolute, count);
  }
  const out = dtype === 'float32' ? new Float32Array(count) : new Float64Array(count);
  if (dtype === 'float32') for (let i = 0; i < count; i++) out[i] = view.getFloat32(start + i * 4, littleEndian);
  else for (let i = 0; i < count; i++) out[i] = view.getFloat64(start + i * 8, littleEndian);
  return out;
}
