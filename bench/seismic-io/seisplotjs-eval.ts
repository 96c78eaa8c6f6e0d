/**
 * Correctness and error-quality half of the seisplotjs evaluation (speed and memory are in run.ts):
 * the same inputs through seisplotjs 3.2.2's miniSEED 2/3 parsers and through this library.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatEpochNs, readMiniseedTraces } from '@seisdec/seismic-io';
import { WORKSPACE } from './day-file';
import { loadSeisplotjs, type SeisplotjsParsers } from './seisplotjs-loader';

const read = (relative: string) => readFileSync(path.join(WORKSPACE, relative));
const arrayBuffer = (bytes: Uint8Array) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);

function outcome(run: () => string): string {
  try {
    return run();
  } catch (error) {
    return `throws ${(error as Error).name}: ${(error as Error).message.split('\n')[0]}`;
  }
}

function seisplotjsMseed2(sp: SeisplotjsParsers, bytes: Uint8Array): string {
  const records = sp.miniseed.parseDataRecords(arrayBuffer(bytes));
  const samples = records.reduce((n, r) => n + r.decompress().length, 0);
  return `no error: ${records.length} records, ${samples} samples, start ${records[0]?.header.startTime.toISO() ?? '-'}`;
}

function seisplotjsMseed3(sp: SeisplotjsParsers, bytes: Uint8Array): string {
  const records = sp.mseed3.parseMSeed3Records(arrayBuffer(bytes));
  const samples = records.reduce((n, r) => n + r.decompress().length, 0);
  return `no error: ${records.length} records, ${samples} samples, start ${records[0]?.header.start.toISO() ?? '-'}`;
}

function ours(bytes: Uint8Array, file: string): string {
  const merged = readMiniseedTraces(bytes, file);
  const samples = merged.segments.reduce((n, s) => n + s.data.length, 0);
  return `no error: ${samples} samples, start ${merged.segments[0] ? formatEpochNs(merged.segments[0].startNs) : '-'}`;
}

export async function evaluateSeisplotjs(): Promise<string[][]> {
  const sp = await loadSeisplotjs();
  const testMseed = read('tools/fixtures/seismic-io/test.mseed');
  const luhu = read('data/luhu/sds/2020/TW/LH01/EHZ.D/TW.LH01.00.EHZ.D.2020.088');
  const mseed3 = read('tools/fixtures/seismic-io/generated/cola-steim2.mseed3');
  const edit = (source: Uint8Array, change: (b: Uint8Array) => void) => {
    const copy = Uint8Array.from(source);
    change(copy);
    return copy;
  };
  const cases: [string, Uint8Array, 2 | 3][] = [
    ['test.mseed (ObsPy: 4200 samples from 06:50:00.069539Z)', testMseed, 2],
    ['mseed3 Steim-2 (pymseed: start ...00.069539123Z)', mseed3, 3],
    ['empty file', new Uint8Array(0), 2],
    ['Luhu file cut at 10 000 bytes', luhu.subarray(0, 10_000), 2],
    ['Luhu record 4 quality byte "D" -> "X"', edit(luhu, (b) => (b[3 * 4096 + 6] = 0x58)), 2],
    ['Luhu record 2 encoding 11 -> 99', edit(luhu, (b) => (b[4096 + 52] = 99)), 2],
    ['Luhu record 6 Steim data byte flipped', edit(luhu, (b) => (b[5 * 4096 + 264] = b[5 * 4096 + 264]! ^ 0x5a)), 2],
    ['mseed3 data byte flipped (CRC mismatch)', edit(mseed3, (b) => (b[600] = b[600]! ^ 1)), 3],
  ];
  return cases.map(([name, bytes, format]) => [
    name,
    outcome(() => (format === 2 ? seisplotjsMseed2(sp, bytes) : seisplotjsMseed3(sp, bytes))),
    outcome(() => ours(bytes, 'file.mseed')),
  ]);
}
