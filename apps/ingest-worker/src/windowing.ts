import type { Windowing } from '@seisdec/contracts';
import { envelope, fixedWindows, madTrigger } from '@seisdec/dsp';
import type { AlignedBlock } from './align';

/** A window to cut: `length` samples of every channel of `block` from sample `start`. */
export interface WindowCut {
  block: AlignedBlock;
  start: number;
}

/** Window length in samples at `sampleRate`. */
export function windowSamples(windowing: Windowing, sampleRate: number): number {
  return Math.round(windowing.windowSeconds * sampleRate);
}

/**
 * Where to cut windows of `windowSamples` in each aligned block.
 * - `continuous` (ClusTremor): fixedWindows from the block start, step round(L (1 - overlap)),
 *   complete windows only.
 * - `triggered` (slope-hazard study): the envelope |hilbert(x)| of the trigger component over the
 *   whole block; madTrigger switches on at median + madMultiplier x MAD (unscaled MAD of that
 *   envelope) and off after the last sample above it; triggers whose gap is below `minGapSeconds`
 *   merge into one event. Each event gives one window starting `preSeconds` before its onset,
 *   shifted inside the block when the onset is too close to either end (never shortened).
 */
export function selectWindows(blocks: AlignedBlock[], windowing: Windowing, triggerIndex: number): WindowCut[] {
  const cuts: WindowCut[] = [];
  for (const block of blocks) {
    const length = windowSamples(windowing, block.sampleRate);
    if (block.length < length) continue;
    if (windowing.mode === 'continuous') {
      for (const w of fixedWindows(block.length, { length, overlap: windowing.overlap })) cuts.push({ block, start: w.start });
      continue;
    }
    const rate = block.sampleRate;
    const { windows: events } = madTrigger(paddedEnvelope(block.channels[triggerIndex]!), {
      multiplier: windowing.madMultiplier,
      minGapSamples: Math.round(windowing.minGapSeconds * rate),
    });
    const pre = Math.round(windowing.preSeconds * rate);
    let previous = -1;
    for (const event of events) {
      const start = Math.min(Math.max(event.start - pre, 0), block.length - length);
      if (start !== previous) cuts.push({ block, start });
      previous = start;
    }
  }
  return cuts;
}

/**
 * Envelope computed over the trace zero-padded to the next 2^a 3^b 5^c length and cut back. An
 * 80-minute trace has 480 001 = 37 x 12 973 samples (a large prime factor): its FFT took 0.94 s
 * against 0.21 s padded to 2^19 on this machine. After the taper the trace ends at zero, so the
 * padding adds no step and the envelope matches the unpadded one away from the last few samples.
 */
export function paddedEnvelope(x: Float64Array): Float64Array {
  const padded = new Float64Array(nextFastLength(x.length));
  padded.set(x);
  return envelope(padded).subarray(0, x.length);
}

/** Smallest 2^a 3^b 5^c >= n (the FFT's fast radices). */
export function nextFastLength(n: number): number {
  let best = Infinity;
  for (let p5 = 1; p5 < 2 * n; p5 *= 5) {
    for (let p35 = p5; p35 < 2 * n; p35 *= 3) {
      let v = p35;
      while (v < n) v *= 2;
      if (v < best) best = v;
    }
  }
  return best;
}
