/**
 * seismic-io benchmark (`npx nx run seismic-io:bench`): decode speed of this library, of seisplotjs
 * 3.2.2's parsers and of obspy.read on the same files, and peak memory of reading one 100 Hz
 * station-day and of walking a 9-station-day archive file by file. Prints one table.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { readMiniseedTraces } from '@seisdec/seismic-io';
import { BENCH_DIR, LUHU_SDS, WORKSPACE, writeDayFile, writeSdsArchive } from './day-file';
import { evaluateSeisplotjs } from './seisplotjs-eval';
import { decodeWithSeisplotjs, importFailure, loadSeisplotjs } from './seisplotjs-loader';

const REPEATS = 9;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function timeIt(pass: () => number): { medianMs: number; samples: number } {
  let samples = 0;
  for (let i = 0; i < 2; i++) samples = pass();
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    samples = pass();
    times.push(performance.now() - t0);
  }
  return { medianMs: median(times), samples };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

function pythonPeer(args: string[]): Record<string, number | string> | string {
  try {
    const env = execFileSync('bash', [path.join(WORKSPACE, 'tools/scripts/pyenv.sh'), path.join(WORKSPACE, 'bench/seismic-io/requirements.txt')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
    const out = execFileSync(path.join(env, 'bin/python'), [path.join(WORKSPACE, 'bench/seismic-io/obspy_peer.py'), ...args], { encoding: 'utf8' });
    return JSON.parse(out) as Record<string, number | string>;
  } catch (error) {
    return `unavailable (${(error as Error).message.split('\n')[0]})`;
  }
}

function childMemory(mode: string, ...args: string[]): { baselineMb: number; peakMb: number; samples: number; files: number } {
  const out = execFileSync('npx', ['tsx', path.join(WORKSPACE, 'bench/seismic-io/peak-memory.ts'), mode, ...args], { encoding: 'utf8', cwd: WORKSPACE });
  return JSON.parse(out.trim().split('\n').at(-1) as string);
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const rate = (samples: number, ms: number) => `${((samples / ms) * 1e3 / 1e6).toFixed(0)} Msamples/s`;

async function main(): Promise<void> {
  rmSync(BENCH_DIR, { recursive: true, force: true });
  const luhuFiles = listFiles(LUHU_SDS);
  const luhuBytes = luhuFiles.map((f) => readFileSync(f));
  const dayFile = writeDayFile();
  const dayBytes = readFileSync(dayFile);
  const rows: string[][] = [];

  // Decode speed: this library.
  const oursLuhu = timeIt(() => luhuBytes.reduce((n, b, i) => n + readMiniseedTraces(b, luhuFiles[i]!).segments[0]!.data.length, 0));
  const oursDay = timeIt(() => readMiniseedTraces(dayBytes, dayFile).segments[0]!.data.length);

  // seisplotjs (parsers loaded by path with DOM stubs; see seisplotjs-loader.ts).
  const spImport = await importFailure();
  const sp = await loadSeisplotjs();
  const spLuhu = timeIt(() => luhuBytes.reduce((n, b) => n + decodeWithSeisplotjs(sp, b).data.length, 0));
  const spDay = timeIt(() => decodeWithSeisplotjs(sp, dayBytes).data.length);

  // obspy.read, same files, same timing scheme, in its own process.
  const obspyLuhu = pythonPeer(['speed', String(REPEATS), ...luhuFiles]);
  const obspyDay = pythonPeer(['speed', String(REPEATS), dayFile]);

  const luhuSize = luhuBytes.reduce((n, b) => n + b.length, 0);
  const cell = (r: { medianMs: number; samples: number } | Record<string, number | string> | string) =>
    typeof r === 'string' ? r : `${Number(r['medianMs']).toFixed(1)} ms (${rate(Number(r['samples']), Number(r['medianMs']))})`;
  rows.push([`Luhu SDS: 30 files, ${mb(luhuSize)}, ${oursLuhu.samples} samples`, cell(oursLuhu), cell(spLuhu), cell(obspyLuhu)]);
  rows.push([`one 100 Hz station-day: ${mb(dayBytes.length)} Steim-2, ${oursDay.samples} samples`, cell(oursDay), cell(spDay), cell(obspyDay)]);

  // Peak memory, each in a fresh process.
  const oursMem = childMemory('ours', dayFile);
  const spMem = childMemory('seisplotjs', dayFile);
  const obspyMem = pythonPeer(['memory', dayFile]);
  const memCell = (m: { baselineMb: number; peakMb: number } | Record<string, number | string> | string) =>
    typeof m === 'string' ? m : `peak ${Number(m['peakMb']).toFixed(0)} MB (baseline ${Number(m['baselineMb']).toFixed(0)} MB)`;
  rows.push(['peak RSS reading that station-day', memCell(oursMem), memCell(spMem), memCell(obspyMem)]);

  const archive = writeSdsArchive(3);
  const archiveSize = listFiles(archive).reduce((n, f) => n + statSync(f).size, 0);
  const walkThree = childMemory('walk', archive, 'TW.LH01.00.EHZ');
  rows.push([`peak RSS walking 3 station-days (${mb(archiveSize / 3)}) file by file`, `${memCell(walkThree)}, ${walkThree.files} days`, '', '']);
  const walkNine = childMemory('walk', archive, 'TW.LH01.00.EH?');
  rows.push([`peak RSS walking 9 station-days (${mb(archiveSize)}) file by file`, `${memCell(walkNine)}, ${walkNine.files} days`, '', '']);

  const header = ['case', 'seisdec seismic-io', 'seisplotjs 3.2.2 parsers', 'obspy.read'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  console.log(`seismic-io bench: median of ${REPEATS} passes after 2 warm-ups; node ${process.version}; ${statSync(dayFile).size} B day file in ${BENCH_DIR}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const r of rows) console.log(line(r));
  console.log(`import 'seisplotjs' in Node: ${spImport}`);
  console.log('\nseisplotjs 3.2.2 vs seisdec on the same inputs (correctness and errors):');
  for (const [name, theirs, mine] of await evaluateSeisplotjs()) console.log(`- ${name}\n    seisplotjs: ${theirs}\n    seisdec:    ${mine}`);
  rmSync(BENCH_DIR, { recursive: true, force: true });
}

void main();
