/**
 * One file's bytes with a DataView over the same memory, created once per file so per-record and
 * per-word reads do not allocate. Offsets everywhere are absolute offsets into `bytes`, which is
 * what error messages report.
 */
export interface ByteSource {
  /** Path or store key, used in error messages. */
  readonly file: string;
  readonly bytes: Uint8Array;
  readonly view: DataView;
}

export function byteSource(bytes: Uint8Array, file: string): ByteSource {
  return { file, bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}
