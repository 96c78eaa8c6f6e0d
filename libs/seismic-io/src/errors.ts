/**
 * What went wrong in a file, in words a person fixing the archive can act on. The walk's quarantine
 * list stores the same value, so a report can group failures by kind.
 */
export type SeismicFormatProblem =
  | 'empty'
  | 'truncated'
  | 'bad-header'
  | 'unknown-encoding'
  | 'corrupt-data'
  | 'sample-rate-mismatch'
  | 'unsupported';

/**
 * Every decoding failure in this library: names the file (path or store key), the byte offset where
 * the problem was found, and what was expected there (and what was found instead, when that helps).
 */
export class SeismicFormatError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly problem: SeismicFormatProblem,
    readonly expected: string,
    readonly found?: string,
  ) {
    super(`${file}: byte ${offset}: ${problem}: expected ${expected}${found === undefined ? '' : `, found ${found}`}`);
    this.name = 'SeismicFormatError';
  }
}

/** Renders bytes for an error message: printable ASCII as text, anything else as hex. */
export function describeBytes(bytes: Uint8Array, start: number, length: number): string {
  const end = Math.min(bytes.length, start + length);
  const slice = bytes.subarray(start, end);
  const printable = slice.every((b) => b >= 0x20 && b < 0x7f);
  if (printable) return JSON.stringify(String.fromCharCode(...slice));
  return `0x${Array.from(slice, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
