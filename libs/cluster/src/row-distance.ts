import { kmeansWasmBase64 } from './kmeans-wasm-bytes';
import { squaredDistance } from './squared-distance';
import type { Matrix } from './validate-matrix';

/**
 * Squared distances between data rows and a bank of Float64 "centre" rows. The k-means code writes
 * centres (and k-means++ candidates) into `centres`, calls `syncCentres()`, and asks for distances by
 * row index.
 */
export interface RowDistance {
  /** The data rows (a copy in WebAssembly memory when SIMD is used). */
  readonly data: Matrix;
  /** capacity x dim Float64 rows owned by the kernel; callers write centres here, then syncCentres(). */
  readonly centres: Float64Array;
  /** Makes `distanceSq` and the wasm passes see the current `centres` (refreshes their Float32 copy). */
  syncCentres(): void;
  /**
   * Squared Euclidean distance between data row `row` and centre row `centre` as the k-means passes
   * compute it: in float32 lanes against a Float32 copy of the centres for Float32 data on the
   * WebAssembly path (scikit-learn's precision for float32 input), in double precision otherwise.
   */
  distanceSq(row: number, centre: number): number;
  /** The same distance in double precision against the Float64 centres (for inertia). */
  exactDistanceSq(row: number, centre: number): number;
  /**
   * Typed arrays reserved with the kernel (`extraBytes`): views into WebAssembly memory on the SIMD
   * path (so the wasm passes can address them by byteOffset), ordinary arrays otherwise.
   */
  allocate<T extends Float64Array | Float32Array | Int32Array>(type: ArrayType<T>, length: number): T;
  /** The WebAssembly passes (kmeans.wat), absent on the scalar path. */
  readonly wasm?: WasmPasses;
}

/**
 * The passes of kmeans.wat, each the twin of a JS function that computes the same thing with
 * `distanceSq`. Arguments are sizes and byte offsets into the kernel's memory.
 */
export interface WasmPasses {
  /** Byte offset of the centre rows the passes compare with (the Float32 copy on Float32 data). */
  readonly centresAddress: number;
  /** 1 when the data is Float32, 0 for Float64. */
  readonly f32: 0 | 1;
  assign(...addressesAndSizes: number[]): number;
  seedFirst(nRows: number, dim: number, k: number, x: number, f32: number, centres: number, nearest: number, nearestSq: number, lower: number): number;
  seedTrials(nRows: number, dim: number, k: number, trials: number, x: number, f32: number, centres: number, nearest: number, nearestSq: number, gapSq: number, trialSq: number, trialPotential: number): void;
  sumRows(nRows: number, dim: number, k: number, x: number, f32: number, labels: number, sums: number, counts: number): void;
  inertia(nRows: number, dim: number, x: number, f32: number, labels: number, centres: number): number;
}

/** Float64Array, Float32Array or Int32Array (the constructor), for RowDistance.allocate. */
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
interface DistanceExports extends Omit<WasmPasses, 'centresAddress' | 'f32'> {
  f32(a: number, b: number, n: number): number;
  f64(a: number, b: number, n: number): number;
  f32f32(a: number, b: number, n: number): number;
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
 * copies the data once into WebAssembly memory (nRows x dim values of the input type), and for Float32
 * data keeps a Float32 copy of the centre bank for the float32 distance kernel.
 *
 * @param capacity number of centre rows to reserve.
 * @param forceScalar use the scalar path (tests compare both).
 * @param extraBytes bytes to reserve for `allocate` (each allocation rounded up to 16 bytes).
 */
export function createRowDistance(data: Matrix, dim: number, capacity: number, forceScalar = false, extraBytes = 0): RowDistance {
  const module = forceScalar || dim % 4 !== 0 ? null : simdModule();
  if (module === null) {
    const centres = new Float64Array(capacity * dim);
    const distanceSq = (row: number, centre: number) => squaredDistance(data, row, centres, centre, dim);
    return {
      data,
      centres,
      syncCentres: () => undefined,
      distanceSq,
      exactDistanceSq: distanceSq,
      allocate: (type, length) => new type(new ArrayBuffer(length * bytesPerElement(type)), 0, length),
    };
  }
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const exports = new wasm.Instance(module).exports as DistanceExports;
  const single = data instanceof Float32Array;
  const dataBytes = data.length * data.BYTES_PER_ELEMENT;
  const centresBase = Math.ceil(dataBytes / 16) * 16;
  const centres32Base = centresBase + capacity * dim * 8;
  const extraBase = centres32Base + (single ? capacity * dim * 4 : 0);
  const totalBytes = extraBase + extraBytes;
  const pages = Math.ceil(totalBytes / 65536);
  if (pages > exports.m.buffer.byteLength / 65536) exports.m.grow(pages - exports.m.buffer.byteLength / 65536);
  // Memory is grown once above and never again, so the views handed out stay attached.
  const copy = single ? new Float32Array(exports.m.buffer, 0, data.length) : new Float64Array(exports.m.buffer, 0, data.length);
  copy.set(data);
  const centres = new Float64Array(exports.m.buffer, centresBase, capacity * dim);
  const centres32 = single ? new Float32Array(exports.m.buffer, centres32Base, capacity * dim) : null;
  const rowBytes = dim * data.BYTES_PER_ELEMENT;
  const exact = single ? exports.f32 : exports.f64;
  const exactDistanceSq = (row: number, centre: number) => exact(row * rowBytes, centresBase + centre * dim * 8, dim);
  let next = extraBase;
  return {
    data: copy,
    centres,
    syncCentres: centres32 === null ? () => undefined : () => centres32.set(centres),
    distanceSq: single ? (row, centre) => exports.f32f32(row * rowBytes, centres32Base + centre * dim * 4, dim) : exactDistanceSq,
    exactDistanceSq,
    allocate: (type, length) => {
      const bytes = Math.ceil((length * bytesPerElement(type)) / 16) * 16;
      if (next + bytes > totalBytes) throw new RangeError(`allocate: ${bytes} bytes exceed the ${extraBytes} reserved`);
      const view = new type(exports.m.buffer, next, length);
      next += bytes;
      return view;
    },
    wasm: {
      centresAddress: single ? centres32Base : centresBase,
      f32: single ? 1 : 0,
      assign: exports.assign,
      seedFirst: exports.seedFirst,
      seedTrials: exports.seedTrials,
      sumRows: exports.sumRows,
      inertia: exports.inertia,
    },
  };
}

function bytesPerElement(type: { readonly BYTES_PER_ELEMENT: number }): number {
  return type.BYTES_PER_ELEMENT;
}

/** Whether every array lives in the kernel's WebAssembly memory, so a wasm pass can address it. */
export function residentInKernel(kernel: RowDistance, arrays: ReadonlyArray<{ readonly buffer: ArrayBufferLike }>): boolean {
  return kernel.wasm !== undefined && arrays.every((a) => a.buffer === kernel.data.buffer);
}
