import * as tf from '@tensorflow/tfjs';
import { BACKEND_ENV_VAR, initBackend } from './init-backend';

describe('initBackend, automatic order', () => {
  it('picks the native backend when a tfjs-node package loads, else wasm with our kernels, logging why', async () => {
    delete process.env[BACKEND_ENV_VAR];
    const lines: string[] = [];
    const choice = await initBackend({ log: (msg) => lines.push(msg) });
    expect(tf.getBackend()).toBe(choice.backend);
    expect(choice.reason.startsWith('automatic')).toBe(true);
    if (choice.backend === 'tensorflow') {
      expect(choice.package).toMatch(/^@tensorflow\/tfjs-node(-gpu)?$/);
      return;
    }
    // Without the optional native packages (this repository never requires them) we land on wasm
    // and the reason names each native package that could not be loaded.
    expect(choice.backend).toBe('wasm');
    expect(choice.package).toBe('@tensorflow/tfjs-backend-wasm');
    expect(choice.reason).toContain('@tensorflow/tfjs-node-gpu not loadable');
    expect(choice.reason).toContain('@tensorflow/tfjs-node not loadable');
    expect(lines.at(-1)).toMatch(/^backend wasm from @tensorflow\/tfjs-backend-wasm .*our kernels: Conv2DBackpropFilter, Conv2DBackpropInput, BatchMatMul$/);
  });
});
