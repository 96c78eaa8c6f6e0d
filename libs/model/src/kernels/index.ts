export { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from './register-wasm-kernels';
export { wasmConv2DBackpropFilter, wasmConv2DBackpropFilterConfig } from './wasm-conv2d-backprop-filter';
export { wasmConv2DBackpropInput, wasmConv2DBackpropInputConfig } from './wasm-conv2d-backprop-input';
export { wasmBatchMatMul, wasmBatchMatMulConfig } from './wasm-batch-mat-mul';
