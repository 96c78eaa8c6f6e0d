import { compileKmeansWat } from '../wasm/compile';
import { kmeansWasmBase64 } from './kmeans-wasm-bytes';

describe('kmeans-wasm-bytes', () => {
  it('holds exactly the compilation of libs/cluster/wasm/kmeans.wat (run wasm/build.ts after editing it)', async () => {
    const compiled = await compileKmeansWat();
    expect(Buffer.from(kmeansWasmBase64, 'base64').equals(Buffer.from(compiled))).toBe(true);
  });
});
