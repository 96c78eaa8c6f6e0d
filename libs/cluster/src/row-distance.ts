import { kmeansWasmBase64 } from './kmeans-wasm-bytes';
import { squaredDistance } from './squared-distance';
import type { Matrix } from './validate-matrix';

/**
 * Squared distances between data rows and a bank of Float64 "centre" rows. The k-means code writes
 * centres (and k-means++ candidates) into `centres` and asks for distances by row index.
 */
export interface RowDistance {
  /** The data rows (a copy in WebAssembly memory when SIMD is used). */
  readonly data: Matrix;
  /** capacity x dim Float64 rows owned by the kernel; callers write centres here. */
  readonly centres: Float64Array;
  /** Squared Euclidean distance between data row `row` and centre row `centre`. */
  distanceSq(row: number, centre: number): number;
  /**
   * Typed arrays reserved with the kernel (`extraBytes`): views into WebAssembly memory on the SIMD
   * path (so the wasm Elkan pass can address them by byteOffset), ordinary arrays otherwise.
   */
  allocate<T extends Float64Array | Int32Array>(type: ArrayType<T>, length: number): T;
  /** The wasm Elkan assignment pass (kmeans.wat `assign`), absent on the scalar path. */
  readonly assign?: (...addressesAndSizes: number[]) => number;
}

/** Float64Array or Int32Array (the constructor), for RowDistance.allocate. */
export interface ArrayType<T> {
  new (buffer: ArrayBuffer, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

/**
 * The few WebAssembly members used here, typed locally: the workspace's TypeScript libs (ES2023 +
 * @types/node, no DOM) do not declare the WebAssembly global, and a global declaration here would
 * clash in projects that do include the DOM lib.
 */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface DistanceExports {
  f32(a: number, b: number, n: number): number;
  f64(a: number, b: number, n: number): number;
  assign(...addressesAndSizes: number[]): number;
  m: WasmMemory;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

let cachedModule: object | null | undefined;

function simdModule(): object | null {
  if (cachedModule === undefined) {
    const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
    const bytes = Uint8Array.from(Buffer.from(kmeansWasmBase64, 'base64'));
    cachedModule = wasm !== undefined && wasm.validate(bytes) ? new wasm.Module(bytes) : null;
  }
  return cachedModule;
}

/**
 * Builds the distance kernel for one k-means call: WebAssembly SIMD (see libs/cluster/wasm/kmeans.wat)
 * when available and dim is a multiple of 4, otherwise the scalar squaredDistance. The SIMD path
 * copies the data once into WebAssembly memory (nRows x dim values of the input type).
 *
 * @param capacity number of centre rows to reserve.
 * @param forceScalar use the scalar path (tests compare both).
 * @param extraBytes bytes to reserve for `allocate` (each allocation rounded up to 16 bytes).
 */
export function createRowDistance(data: Matrix, dim: number, capacity: number, forceScalar = false, extraBytes = 0): RowDistance {
  const module = forceScalar || dim % 4 !== 0 ? null : simdModule();
  if (module === null) {
    const centres = new Float64Array(capacity * dim);
    return {
      data,
      centres,
      distanceSq: (row, centre) => squaredDistance(data, row, centres, centre, dim),
      allocate: (type, length) => new type(new ArrayBuffer(length * bytesPerElement(type)), 0, length),
    };
  }
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const exports = new wasm.Instance(module).exports as DistanceExports;
  const dataBytes = data.length * data.BYTES_PER_ELEMENT;
  const centresBase = Math.ceil(dataBytes / 16) * 16;
  const extraBase = centresBase + capacity * dim * 8;
  const totalBytes = extraBase + extraBytes;
  const pages = Math.ceil(totalBytes / 65536);
  if (pages > exports.m.buffer.byteLength / 65536) exports.m.grow(pages - exports.m.buffer.byteLength / 65536);
  const copy = data instanceof Float32Array ? new Float32Array(exports.m.buffer, 0, data.length) : new Float64Array(exports.m.buffer, 0, data.length);
  copy.set(data);
  const centres = new Float64Array(exports.m.buffer, centresBase, capacity * dim);
  const rowBytes = dim * data.BYTES_PER_ELEMENT;
  const centreBytes = dim * 8;
  const kernel = data instanceof Float32Array ? exports.f32 : exports.f64;
  // Memory is grown once above and never again, so the views handed out stay attached.
  let next = extraBase;
  return {
    data: copy,
    centres,
    distanceSq: (row, centre) => kernel(row * rowBytes, centresBase + centre * centreBytes, dim),
    allocate: (type, length) => {
      const bytes = Math.ceil((length * bytesPerElement(type)) / 16) * 16;
      if (next + bytes > totalBytes) throw new RangeError(`allocate: ${bytes} bytes exceed the ${extraBytes} reserved`);
      const view = new type(exports.m.buffer, next, length);
      next += bytes;
      return view;
    },
    assign: exports.assign,
  };
}

function bytesPerElement(type: { readonly BYTES_PER_ELEMENT: number }): number {
  return type.BYTES_PER_ELEMENT;
}
