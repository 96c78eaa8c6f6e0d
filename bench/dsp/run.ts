// `npx nx run dsp:bench`: libs/dsp against its Python references on this machine, side by side.
// Each measurement runs in a fresh child process (TS via tsx, Python via the cached venv of
// bench/dsp/requirements.txt) so peak RSS belongs to that workload alone. Timings are the minimum
// (and median) of repeated runs after one warm-up; everything is single-threaded.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { stackChannels } from '@seisdec/dsp';
import { dayStft, dayStftFloat32, daySpectrogram, featurizeComponent, PIPELINE } from './cases';
import { stationDay } from './day';

const ROOT = join(__dirname, '../..');

interface Measurement {
  impl: string;
  case: string;
  /** wall-clock minimum / median over the runs */
  minMs: number;
  medianMs: number;
  /** process CPU time (user + sys) minimum: stable when other work shares the machine */
  cpuMinMs: number;
  runs: number;
  peakRssMb: number;
  detail?: string;
}

function time(runs: number, fn: () => unknown): { minMs: number; medianMs: number; cpuMinMs: number } {
  fn(); // warm-up (JIT, page faults)
  const times: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    times.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  times.sort((a, b) => a - b);
  return { minMs: times[0]!, medianMs: times[times.length >> 1]!, cpuMinMs: Math.min(...cpu) };
}

const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

function child(mode: string): Measurement[] {
  if (mode === 'stft') {
    const [z] = stationDay();
    const runs = 15;
    return [
      { impl: 'ts', case: 'day STFT complex (stft)', runs, ...time(runs, () => dayStft(z!)), peakRssMb: peakRssMb(), detail: 'float64 re/im' },
      { impl: 'ts', case: 'day STFT complex float32 (stft)', runs, ...time(runs, () => dayStftFloat32(z!)), peakRssMb: peakRssMb(), detail: "precision: 'float32'" },
      { impl: 'ts', case: 'day power spectrogram (spectrogram)', runs, ...time(runs, () => daySpectrogram(z!)), peakRssMb: peakRssMb() },
    ];
  }
  const components = stationDay();
  let windows = 0;
  const runs = 2;
  const t = time(runs, () => {
    const perComponent = components.map(featurizeComponent);
    const tensors = perComponent[0]!.map((_, w) => stackChannels(perComponent.map((c) => c[w]!), { nFreq: PIPELINE.outShape[0], nTime: PIPELINE.outShape[1], layout: 'HWC' }));
    windows = tensors.length;
  });
  return [{ impl: 'ts', case: 'station-day featurisation (3 comp.)', runs, ...t, peakRssMb: peakRssMb(), detail: `${windows} windows of 96x128x3` }];
}

/**
 * The child loads the TypeScript through tsx's CommonJS register, i.e. as plain CommonJS modules the
 * way the services run (esbuild CJS bundles under plain node). Under tsx's default ESM loader hooks
 * (`tsx file.ts`) the same spectrogram measured 100-120 ms CPU against 81-86 ms for both the
 * CJS register and an esbuild bundle, alternating runs on this machine; the cause was not
 * established (the FFT kernel alone is equally fast both ways), so the bench measures what ships.
 */
function runTsChild(mode: string): Measurement[] {
  const out = execFileSync(process.execPath, ['--require', require.resolve('tsx/cjs'), __filename, '--child', mode], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!) as Measurement[];
}

function runPython(mode: string): Measurement[] {
  const env = execFileSync('bash', ['tools/scripts/pyenv.sh', 'bench/dsp/requirements.txt'], { cwd: ROOT, encoding: 'utf8' }).trim();
  const result = spawnSync(join(env, 'bin/python'), ['bench/dsp/peer.py', mode], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`python peer failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as Measurement[];
}

function main(): void {
  const childIndex = process.argv.indexOf('--child');
  if (childIndex >= 0) {
    process.stdout.write(`${JSON.stringify(child(process.argv[childIndex + 1]!))}\n`);
    return;
  }
  // `tsx bench/dsp/run.ts stft` runs only the day-long STFT cases (quick iteration on the kernel)
  const stftOnly = process.argv.slice(2).includes('stft');
  const rows = [...runTsChild('stft'), ...runPython('stft'), ...(stftOnly ? [] : [...runTsChild('pipeline'), ...runPython('pipeline')])];
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log('\nlibs/dsp bench: one 100 Hz station-day (8,640,000 samples per component), single thread');
  console.log(`${pad('case', 42)}${pad('impl', 26)}${pad('wall min ms', 13)}${pad('wall median', 13)}${pad('CPU min ms', 12)}${pad('peak RSS MB', 13)}extra`);
  for (const r of rows) {
    const perDay = r.case.startsWith('station-day') ? `${(60_000 / r.cpuMinMs).toFixed(2)} station-days/min/core (CPU); ${r.detail ?? ''}` : (r.detail ?? '');
    console.log(`${pad(r.case, 42)}${pad(r.impl, 26)}${pad(r.minMs.toFixed(0), 13)}${pad(r.medianMs.toFixed(0), 13)}${pad(r.cpuMinMs.toFixed(0), 12)}${pad(r.peakRssMb.toFixed(0), 13)}${perDay}`);
  }
  const find = (impl: string, c: string) => rows.find((r) => r.impl.startsWith(impl) && r.case.startsWith(c));
  const scipy = find('python', 'day STFT');
  for (const [c, label] of [['day STFT complex (', 'day STFT complex float64'], ['day STFT complex float32', 'day STFT complex float32'], ['day power spectrogram', 'day power spectrogram']] as const) {
    const ours = find('ts', c);
    if (ours && scipy) {
      console.log(`${label}: ours / scipy.signal.stft = ${(ours.cpuMinMs / scipy.cpuMinMs).toFixed(2)} (CPU min), ${(ours.minMs / scipy.minMs).toFixed(2)} (wall min); < 1 means faster than scipy`);
    }
  }
  const tsPipe = find('ts', 'station-day');
  const pyPipe = find('python', 'station-day');
  if (tsPipe && pyPipe) {
    console.log(`station-day featurisation: ours ${(60_000 / tsPipe.cpuMinMs).toFixed(2)} vs obspy+scipy ${(60_000 / pyPipe.cpuMinMs).toFixed(2)} station-days/min/core (CPU time); peak RSS ${tsPipe.peakRssMb.toFixed(0)} vs ${pyPipe.peakRssMb.toFixed(0)} MB`);
  }
  console.log(`load average at the end: ${loadavg().map((v) => v.toFixed(1)).join(' ')} on ${cpus().length} cores`);
}

main();
