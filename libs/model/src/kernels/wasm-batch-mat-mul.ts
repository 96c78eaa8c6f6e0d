/**
 * BatchMatMul for the tfjs wasm backend that keeps transposed products on XNNPACK.
 *
 * The wasm backend sends a matmul to XNNPACK's fully-connected operator only when neither operand
 * is transposed and the batch is 1; any transposeA/transposeB (every dense layer's gradients:
 * dW = x^T . dy and dx = dy . W^T) falls to a scalar triple loop. Here such products transpose the
 * operand explicitly (the wasm Transpose kernel, one pass over it) and call the backend's own
 * kernel untransposed:
 *
 *   matmul(a, b, tA, tB) = matmul(tA ? a^T : a, tB ? b^T : b, false, false)
 *
 * Batched products (batch > 1) go to the backend's own kernel unchanged.
 * Why: in a ClusTremor training step (batch 32) BatchMatMul took 44-49 ms of the scalar loop for
 * six small products; see BACKENDS.md for the measurement after.
 */
import { BatchMatMul, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { release, runWasmKernel, WASM_BACKEND, withShape } from './wasm-access';

interface BatchMatMulArgs {
  inputs: { a: TensorInfo; b: TensorInfo };
  backend: BackendWasm;
  attrs: { transposeA: boolean; transposeB: boolean };
}

let backendKernel: KernelConfig | undefined;

/** Remembers the wasm backend's own BatchMatMul, which this kernel delegates to. */
export function setWasmBackendBatchMatMul(config: KernelConfig): void {
  backendKernel = config;
}

/** The kernel function (see file header). */
export function wasmBatchMatMul(args: BatchMatMulArgs): TensorInfo {
  if (backendKernel === undefined) throw new Error('wasm BatchMatMul: the backend kernel to delegate to was not set');
  const delegate = backendKernel.kernelFunc as unknown as (a: BatchMatMulArgs) => TensorInfo;
  const { inputs, backend, attrs } = args;
  const untransposed = !attrs.transposeA && !attrs.transposeB;
  if (untransposed || batchOf(inputs.a) !== 1 || batchOf(inputs.b) !== 1) return delegate(args);
  const a = attrs.transposeA ? transposeMatrix(backend, inputs.a) : inputs.a;
  const b = attrs.transposeB ? transposeMatrix(backend, inputs.b) : inputs.b;
  const out = delegate({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
  if (a !== inputs.a) release(backend, a);
  if (b !== inputs.b) release(backend, b);
  return out;
}

function batchOf(info: TensorInfo): number {
  return info.shape.slice(0, -2).reduce((product, size) => product * size, 1);
}

/** The last two axes swapped, materialised (leading axes are all 1 here). */
function transposeMatrix(backend: BackendWasm, info: TensorInfo): TensorInfo {
  const rows = info.shape[info.shape.length - 2] as number;
  const cols = info.shape[info.shape.length - 1] as number;
  const transposed = runWasmKernel(backend, 'Transpose', { x: withShape(info, [rows, cols]) }, { perm: [1, 0] });
  return withShape(transposed, [...info.shape.slice(0, -2), cols, rows]);
}

/** Registry entry for `registerKernel` (wraps the wasm backend's own kernel). */
export const wasmBatchMatMulConfig: KernelConfig = {
  kernelName: BatchMatMul,
  backendName: WASM_BACKEND,
  kernelFunc: wasmBatchMatMul as unknown as KernelFunc,
};
