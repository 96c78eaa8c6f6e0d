/**
 * Installs our wasm kernels: Conv2DBackpropFilter (missing from the wasm backend), a faster
 * Conv2DBackpropInput (replacing the backend's scalar one) and a BatchMatMul that keeps transposed
 * products on XNNPACK (wrapping the backend's own). Safe to call more than once.
 *
 * Call it after the wasm backend has been initialised (`await tf.setBackend('wasm')`): kernels
 * registered before that replace the backend's own before their one-time setup runs, and the
 * BatchMatMul wrapper delegates to the backend's own kernel, which needs that setup.
 */
import { BatchMatMul, getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs';
import { setWasmBackendBatchMatMul, wasmBatchMatMulConfig } from './wasm-batch-mat-mul';
import { wasmConv2DBackpropFilterConfig } from './wasm-conv2d-backprop-filter';
import { wasmConv2DBackpropInputConfig } from './wasm-conv2d-backprop-input';
import { WASM_BACKEND } from './wasm-access';

/** Our kernels in the order they are registered. */
export const WASM_TRAINING_KERNELS: readonly KernelConfig[] = [
  wasmConv2DBackpropFilterConfig,
  wasmConv2DBackpropInputConfig,
  wasmBatchMatMulConfig,
];

/**
 * Registers every kernel of WASM_TRAINING_KERNELS for the 'wasm' backend, replacing any kernel
 * already registered under the same name. Returns the names registered.
 */
export function registerWasmTrainingKernels(): string[] {
  const backendMatMul = getKernel(BatchMatMul, WASM_BACKEND);
  if (backendMatMul === undefined) throw new Error('the wasm backend has no BatchMatMul kernel to wrap');
  if (backendMatMul.kernelFunc !== wasmBatchMatMulConfig.kernelFunc) setWasmBackendBatchMatMul(backendMatMul);
  for (const config of WASM_TRAINING_KERNELS) {
    const current = getKernel(config.kernelName, WASM_BACKEND);
    if (current?.kernelFunc === config.kernelFunc) continue;
    if (current !== undefined) unregisterKernel(config.kernelName, WASM_BACKEND);
    registerKernel(config);
  }
  return WASM_TRAINING_KERNELS.map((config) => config.kernelName);
}
