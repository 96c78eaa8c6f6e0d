/**
 * Packs a list of Float32Arrays into one little-endian byte blob and back: the binary half of
 * checkpoints (optimizer slots, best weights). The lengths travel in the checkpoint's JSON.
 */
export function packFloat32(arrays: readonly Float32Array[]): { bytes: Uint8Array; lengths: number[] } {
  const lengths = arrays.map((a) => a.length);
  const out = new Float32Array(lengths.reduce((s, n) => s + n, 0));
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return { bytes: new Uint8Array(out.buffer), lengths };
}

export function unpackFloat32(bytes: Uint8Array, lengths: readonly number[]): Float32Array[] {
  const total = lengths.reduce((s, n) => s + n, 0);
  if (bytes.byteLength !== total * 4) {
    throw new RangeError(`bytes: expected ${total * 4} bytes for lengths [${lengths.join(', ')}], got ${bytes.byteLength}`);
  }
  const all = new Float32Array(total);
  new Uint8Array(all.buffer).set(bytes);
  const out: Float32Array[] = [];
  let offset = 0;
  for (const n of lengths) {
    out.push(all.slice(offset, offset + n));
    offset += n;
  }
  return out;
}
