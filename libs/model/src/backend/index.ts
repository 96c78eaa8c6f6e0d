export {
  BACKEND_ENV_VAR,
  BACKEND_PREFERENCES,
  initBackend,
  NATIVE_MODULES_ENV_VAR,
  NATIVE_PACKAGES,
  type BackendChoice,
  type BackendPreference,
  type InitBackendOptions,
} from './init-backend';
export { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from '../kernels/register-wasm-kernels';
