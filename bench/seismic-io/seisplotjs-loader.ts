/**
 * Loads seisplotjs 3.2.2's miniSEED parsers for the evaluation only. Its package entry points
 * (`seisplotjs`, `seisplotjs/nodeonly`) both define custom elements at import time and throw
 * `ReferenceError: HTMLDivElement is not defined` in Node, and the exports map hides the parser
 * modules, so the bench stubs the three DOM globals and imports the TypeScript sources by path.
 * The library itself never does this.
 */
type MiniseedModule = typeof import('../../node_modules/seisplotjs/src/miniseed');
type Mseed3Module = typeof import('../../node_modules/seisplotjs/src/mseed3');

export interface SeisplotjsParsers {
  miniseed: MiniseedModule;
  mseed3: Mseed3Module;
}

/** What importing the package the documented way does in Node. */
export async function importFailure(): Promise<string> {
  try {
    await import('seisplotjs');
    return 'imports fine';
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message.split('\n')[0]}`;
  }
}

export async function loadSeisplotjs(): Promise<SeisplotjsParsers> {
  const g = globalThis as Record<string, unknown>;
  g['HTMLDivElement'] ??= class {};
  g['HTMLElement'] ??= class {};
  g['customElements'] ??= { define: () => undefined };
  const miniseed = await import('../../node_modules/seisplotjs/src/miniseed');
  const mseed3 = await import('../../node_modules/seisplotjs/src/mseed3');
  return { miniseed, mseed3 };
}

/** Decodes a miniSEED 2 file with seisplotjs into one continuous Int32Array (records in file order). */
export function decodeWithSeisplotjs(sp: SeisplotjsParsers, bytes: Uint8Array): { startIso: string; data: Int32Array | Float32Array | Float64Array } {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const records = sp.miniseed.parseDataRecords(buffer);
  const parts = records.map((r) => r.decompress());
  const total = parts.reduce((n, p) => n + p.length, 0);
  const first = parts[0];
  const data = first instanceof Float64Array ? new Float64Array(total) : first instanceof Float32Array ? new Float32Array(total) : new Int32Array(total);
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    at += p.length;
  }
  return { startIso: records[0]?.header.startTime.toISO() ?? '', data };
}
