import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import wabt from 'wabt';

/** kmeans.wat compiled by wabt (SIMD enabled), as the bytes that kmeans-wasm-bytes.ts must hold. */
export async function compileKmeansWat(): Promise<Uint8Array> {
  const toolkit = await wabt();
  const text = readFileSync(join(__dirname, 'kmeans.wat'), 'utf8');
  const module = toolkit.parseWat('kmeans.wat', text, { simd: true, bulk_memory: true });
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}
