import { simdDistanceModuleBytes } from './simd-distance-module';
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
    const bytes = simdDistanceModuleBytes();
    cachedModule = wasm !== undefined && wasm.validate(bytes) ? new wasm.Module(bytes) : null;
  }
  return cachedModule;
}

/**
 * Builds the distance kernel for one k-means call: WebAssembly SIMD (see simd-distance-module.ts)
 * when available and dim is a multiple of 4, otherwise the scalar squaredDistance. The SIMD path
 * copies the data once into WebAssembly memory (nRows x dim values of the input type).
 *
 * @param capacity number of centre rows to reserve.
 * @param forceScalar use the scalar path (tests compare both).
 */
export function createRowDistance(data: Matrix, dim: number, capacity: number, forceScalar = false): RowDistance {
  const module = forceScalar || dim % 4 !== 0 ? null : simdModule();
  if (module === null) {
    const centres = new Float64Array(capacity * dim);
    return { data, centres, distanceSq: (row, centre) => squaredDistance(data, row, centres, centre, dim) };
  }
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const exports = new wasm.Instance(module).exports as DistanceExports;
  const dataBytes = data.length * data.BYTES_PER_ELEMENT;
  const centresBase = Math.ceil(dataBytes / 16) * 16;
  const totalBytes = centresBase + capacity * dim * 8;
  const pages = Math.ceil(totalBytes / 65536);
  if (pages > exports.m.buffer.byteLength / 65536) exports.m.grow(pages - exports.m.buffer.byteLength / 65536);
  const copy = data instanceof Float32Array ? new Float32Array(exports.m.buffer, 0, data.length) : new Float64Array(exports.m.buffer, 0, data.length);
  copy.set(data);
  const centres = new Float64Array(exports.m.buffer, centresBase, capacity * dim);
  const rowBytes = dim * data.BYTES_PER_ELEMENT;
  const centreBytes = dim * 8;
  const kernel = data instanceof Float32Array ? exports.f32 : exports.f64;
  return {
    data: copy,
    centres,
    distanceSq: (row, centre) => kernel(row * rowBytes, centresBase + centre * centreBytes, dim),
  };
}
