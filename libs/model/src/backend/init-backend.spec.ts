import * as tf from '@tensorflow/tfjs';
import { BACKEND_ENV_VAR, initBackend, NATIVE_PACKAGES } from './init-backend';

// Jest gives each spec file its own module registry, so initBackend's once-per-process state
// starts fresh here; the tests below run in order against that one state.
describe('initBackend', () => {
  const saved = process.env[BACKEND_ENV_VAR];
  afterEach(() => {
    if (saved === undefined) delete process.env[BACKEND_ENV_VAR];
    else process.env[BACKEND_ENV_VAR] = saved;
  });

  it('rejects an unknown SEISDEC_TF_BACKEND, naming the variable', async () => {
    process.env[BACKEND_ENV_VAR] = 'webgpu';
    await expect(initBackend({ log: () => undefined })).rejects.toThrow(/SEISDEC_TF_BACKEND must be one of tensorflow, wasm, cpu; got 'webgpu'/);
  });

  it('rejects an unknown prefer option', async () => {
    await expect(initBackend({ prefer: 'gpu' as never, log: () => undefined })).rejects.toThrow(/options.prefer/);
  });

  it('lets SEISDEC_TF_BACKEND win over options.prefer and logs the choice', async () => {
    process.env[BACKEND_ENV_VAR] = 'cpu';
    const lines: string[] = [];
    const choice = await initBackend({ prefer: 'wasm', log: (msg) => lines.push(msg) });
    expect(choice).toEqual({ backend: 'cpu', package: '@tensorflow/tfjs', reason: 'SEISDEC_TF_BACKEND=cpu' });
    expect(tf.getBackend()).toBe('cpu');
    expect(lines).toEqual(['backend cpu from @tensorflow/tfjs (SEISDEC_TF_BACKEND=cpu)']);
  });

  it('is idempotent: a second call returns the first choice without switching', async () => {
    const lines: string[] = [];
    const again = await initBackend({ prefer: 'wasm', log: (msg) => lines.push(msg) });
    expect(again.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(lines).toEqual(['backend already initialised: cpu (@tensorflow/tfjs)']);
  });
});

describe('the native packages', () => {
  it('are tried GPU build first, then CPU build', () => {
    expect(NATIVE_PACKAGES).toEqual(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
  });
});
