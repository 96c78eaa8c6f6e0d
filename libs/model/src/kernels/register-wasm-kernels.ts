/**
 * Installs our wasm kernels: Conv2DBackpropFilter (missing from the wasm backend) and a faster
 * Conv2DBackpropInput (replacing the backend's scalar one). Safe to call more than once.
 */
import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs';
import { wasmConv2DBackpropFilterConfig } from './wasm-conv2d-backprop-filter';
import { wasmConv2DBackpropInputConfig } from './wasm-conv2d-backprop-input';
import { WASM_BACKEND } from './wasm-access';

/** Our kernels in the order they are registered. */
export const WASM_TRAINING_KERNELS: readonly KernelConfig[] = [wasmConv2DBackpropFilterConfig, wasmConv2DBackpropInputConfig];

/**
 * Registers every kernel of WASM_TRAINING_KERNELS for the 'wasm' backend, replacing any kernel
 * already registered under the same name. Returns the names registered.
 */
export function registerWasmTrainingKernels(): string[] {
  for (const config of WASM_TRAINING_KERNELS) {
    const current = getKernel(config.kernelName, WASM_BACKEND);
    if (current?.kernelFunc === config.kernelFunc) continue;
    if (current !== undefined) unregisterKernel(config.kernelName, WASM_BACKEND);
    registerKernel(config);
  }
  return WASM_TRAINING_KERNELS.map((config) => config.kernelName);
}
