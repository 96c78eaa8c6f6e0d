/**
 * Narrow, typed access to the parts of the tfjs wasm backend that our kernels need: the wasm heap
 * behind a tensor, output allocation, disposal, and calling another registered wasm kernel.
 *
 * Kernels here run *inside* the backend (they receive and return `TensorInfo`s, not `Tensor`s), so
 * every intermediate they create must be released with `release` before returning.
 */
import { getKernel, type NamedAttrMap, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** The tfjs wasm backend's name in the kernel registry. */
export const WASM_BACKEND = 'wasm';

/** A float32 view of the wasm heap bytes that hold `info` (no copy: writes land in the tensor). */
export function heapF32(backend: BackendWasm, info: TensorInfo): Float32Array {
  const view = backend.typedArrayFromHeap(info);
  if (!(view instanceof Float32Array)) {
    throw new Error(`expected a float32 tensor on the wasm heap, got dtype ${info.dtype}`);
  }
  return view;
}

/** Allocates a float32 tensor on the wasm heap (contents undefined until written). */
export function allocateF32(backend: BackendWasm, shape: number[]): TensorInfo {
  return backend.makeOutput(shape, 'float32');
}

/** Releases an intermediate tensor created inside a kernel. */
export function release(backend: BackendWasm, info: TensorInfo): void {
  backend.disposeData(info.dataId);
}

/** A view of the same data under another shape with the same element count (no copy, no refcount). */
export function withShape(info: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/**
 * Runs the wasm kernel registered under `kernelName` (for example XNNPACK's `Conv2D`) and returns
 * its output. Throws if the wasm backend has no such kernel.
 */
export function runWasmKernel(
  backend: BackendWasm,
  kernelName: string,
  inputs: NamedTensorInfoMap,
  attrs: NamedAttrMap,
): TensorInfo {
  const kernel = getKernel(kernelName, WASM_BACKEND);
  if (kernel === undefined) {
    throw new Error(`the wasm backend has no ${kernelName} kernel`);
  }
  const out = kernel.kernelFunc({ inputs, attrs, backend });
  if (Array.isArray(out)) {
    throw new Error(`wasm kernel ${kernelName} returned several outputs where one was expected`);
  }
  return out;
}
