// Bench input: one synthetic-but-real station-day at 100 Hz built from the bundled Luhu record.
// The 80-minute SAC trace (480,001 samples) is tiled 18 times to 8,640,000 samples; the N and E
// "components" are the same day rotated by 1/3 and 2/3 of a tile so the three differ. The Python
// peer builds exactly the same arrays (bench/dsp/peer.py).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const DAY_SAMPLES = 8_640_000;
export const SAMPLING_RATE = 100;
const SAC = join(__dirname, '../../data/luhu/sac/TW.LH01.EHZ.00.2020.088.13.sac');

/** Reads a little-endian SAC float32 file (header version 6), enough for the bundled record. */
function readSac(path: string): Float32Array {
  const bytes = readFileSync(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getInt32(304, true) !== 6) throw new Error(`${path}: expected a little-endian SAC v6 file`);
  const npts = view.getInt32(316, true);
  const out = new Float32Array(npts);
  for (let i = 0; i < npts; i++) out[i] = view.getFloat32(632 + 4 * i, true);
  return out;
}

export function stationDay(): Float32Array[] {
  const tile = readSac(SAC).subarray(0, 480_000);
  return [0, 160_000, 320_000].map((shift) => {
    const day = new Float32Array(DAY_SAMPLES);
    for (let i = 0; i < DAY_SAMPLES; i++) day[i] = tile[(i + shift) % tile.length]!;
    return day;
  });
}
