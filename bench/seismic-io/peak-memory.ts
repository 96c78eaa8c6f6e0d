/**
 * Child process for one peak-memory measurement (a fresh process each, so nothing else is counted):
 *   tsx peak-memory.ts ours <file> | seisplotjs <file> | walk <sds root> [NET.STA.LOC.CHA pattern]
 * Prints JSON: baseline RSS after imports, peak RSS (getrusage maxrss) and samples decoded.
 */
import { readFileSync } from 'node:fs';
import { FsBlobStore } from '@seisdec/store';
import { readMiniseedTraces, walkSdsArchive } from '@seisdec/seismic-io';
import { decodeWithSeisplotjs, loadSeisplotjs } from './seisplotjs-loader';

async function main(): Promise<void> {
  const [mode, target = '', pattern = 'TW.LH01.00.EH?'] = process.argv.slice(2);
  const sp = mode === 'seisplotjs' ? await loadSeisplotjs() : undefined;
  const baselineMb = process.memoryUsage().rss / 1e6;
  let samples = 0;
  let files = 0;
  if (mode === 'ours') {
    const merged = readMiniseedTraces(readFileSync(target), target);
    samples = merged.segments.reduce((n, s) => n + s.data.length, 0);
    files = 1;
  } else if (mode === 'seisplotjs' && sp) {
    samples = decodeWithSeisplotjs(sp, readFileSync(target)).data.length;
    files = 1;
  } else if (mode === 'walk') {
    const walk = walkSdsArchive(new FsBlobStore(target), { patterns: [pattern] });
    for await (const day of walk) {
      samples += day.segments.reduce((n, s) => n + s.data.length, 0);
      files++;
    }
    if (walk.quarantine.length) throw new Error(`quarantined: ${JSON.stringify(walk.quarantine)}`);
  } else {
    throw new Error(`usage: peak-memory.ts ours|seisplotjs|walk <path>, got ${mode}`);
  }
  const peakMb = (process.resourceUsage().maxRSS * 1024) / 1e6;
  process.stdout.write(JSON.stringify({ mode, baselineMb, peakMb, samples, files }) + '\n');
}

void main();
