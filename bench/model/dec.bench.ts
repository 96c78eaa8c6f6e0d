/**
 * DEC / IDEC fine-tuning throughput and peak memory on the ClusTremor architecture (96x128x1,
 * 24-d latent) with synthetic spectrogram-like windows, ClusTremor's defaults (SGD 0.01 momentum 0.9,
 * batch 32, k = 6). Steps/s is the steady-state rate between the first and last mini-batch of the run
 * (P refreshes excluded; the refresh rate is reported separately as windows/s of the chunked pass),
 * and per CPU-second of this process. Peak RSS includes the wasm heap (which never shrinks), so it is
 * the high-water mark of the whole run; peak tf MB is tf.memory().numBytes sampled between steps.
 *
 *   npx tsx bench/model/dec.bench.ts            (SEISDEC_DEC_BENCH_STEPS=60, SEISDEC_DEC_BENCH_WINDOWS=1024)
 */
import * as tf from '@tensorflow/tfjs';
import {
  arraySource,
  buildAutoencoder,
  CLUSTREMOR_ARCHITECTURE,
  embed,
  fineTuneDec,
  initBackend,
  SeededRng,
  type SampleSource,
} from '@seisdec/model';

const STEPS = Number(process.env['SEISDEC_DEC_BENCH_STEPS'] ?? 60);
const WINDOWS = Number(process.env['SEISDEC_DEC_BENCH_WINDOWS'] ?? 1024);
const BATCH = 32;
const [H, W, C] = CLUSTREMOR_ARCHITECTURE.inputShape;

/** Windows made of a few smooth time-frequency blobs (6 prototypes) plus noise, standardised-ish. */
function syntheticWindows(count: number, seed: number): Float32Array {
  const rng = SeededRng.fromSeed(seed);
  const out = new Float32Array(count * H * W * C);
  const prototypes = Array.from({ length: 6 }, () => ({ f: rng.nextFloat() * H, t: rng.nextFloat() * W, sf: 4 + rng.nextFloat() * 12, st: 6 + rng.nextFloat() * 30 }));
  for (let n = 0; n < count; n++) {
    const p = prototypes[n % prototypes.length]!;
    const base = n * H * W;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        out[base + y * W + x] = Math.exp(-((y - p.f) ** 2) / (2 * p.sf ** 2) - (x - p.t) ** 2 / (2 * p.st ** 2)) + 0.1 * (rng.nextFloat() - 0.5);
      }
    }
  }
  return out;
}

interface Peaks {
  rss: number;
  tfBytes: number;
  gatherTimes: number[];
  /** Process CPU time (user + system, microseconds) at each mini-batch. */
  gatherCpu: number[];
}

/** Wraps a source to timestamp every mini-batch and sample memory at every read. */
function instrument(source: SampleSource, peaks: Peaks): SampleSource {
  const sample = () => {
    peaks.rss = Math.max(peaks.rss, process.memoryUsage().rss);
    peaks.tfBytes = Math.max(peaks.tfBytes, tf.memory().numBytes);
  };
  return {
    count: source.count,
    sampleShape: source.sampleShape,
    read: (start, end) => (sample(), source.read(start, end)),
    gather: (indices) => {
      sample();
      peaks.gatherTimes.push(performance.now());
      const cpu = process.cpuUsage();
      peaks.gatherCpu.push(cpu.user + cpu.system);
      return source.gather(indices);
    },
  };
}

async function main(): Promise<void> {
  const backend = await initBackend();
  const data = syntheticWindows(WINDOWS, 1);
  const rows: string[] = [];
  for (const mode of ['dec', 'idec'] as const) {
    const model = buildAutoencoder(CLUSTREMOR_ARCHITECTURE, { seed: 0 });
    const peaks: Peaks = { rss: 0, tfBytes: 0, gatherTimes: [], gatherCpu: [] };
    const source = instrument(arraySource(data, [H, W, C]), peaks);
    const refreshStart = performance.now();
    await embed(model.encoder, source, { batchSize: 256 });
    const refreshRate = WINDOWS / ((performance.now() - refreshStart) / 1000);
    peaks.gatherTimes = [];
    peaks.gatherCpu = [];
    const result = await fineTuneDec(model, source, { k: 6, mode, batchSize: BATCH, maxIter: STEPS, updateInterval: 200, kmeansInit: 3, evalBatchSize: 256 });
    const times = peaks.gatherTimes;
    const stepsPerSecond = (times.length - 1) / ((times[times.length - 1]! - times[0]!) / 1000);
    // Steps per CPU-second of this process: what one idle core would give (wasm runs on one thread),
    // so it stays meaningful when other work shares the machine.
    const cpu = peaks.gatherCpu;
    const stepsPerCpuSecond = (cpu.length - 1) / ((cpu[cpu.length - 1]! - cpu[0]!) / 1e6);
    rows.push(
      `${mode.toUpperCase().padEnd(5)} ${String(BATCH).padStart(5)} ${String(result.iterations).padStart(6)} ${stepsPerSecond.toFixed(2).padStart(8)} ${(stepsPerSecond * BATCH).toFixed(1).padStart(10)} ${stepsPerCpuSecond.toFixed(2).padStart(11)} ${refreshRate.toFixed(0).padStart(12)} ${(peaks.rss / 2 ** 20).toFixed(0).padStart(9)} ${(peaks.tfBytes / 2 ** 20).toFixed(0).padStart(10)}`,
    );
    model.autoencoder.dispose();
  }
  console.log(`DEC fine-tuning, ClusTremor ${H}x${W}x${C} -> 24, ${WINDOWS} synthetic windows, backend ${backend.backend} (${tf.getBackend()})`);
  console.log('mode  batch  steps  steps/s  samples/s  steps/CPU-s  refresh w/s  peak RSS MB  peak tf MB');
  for (const row of rows) console.log(row);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
