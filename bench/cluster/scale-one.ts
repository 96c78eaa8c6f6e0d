/** One scaling point in a fresh process: kmeans + calinskiHarabasz on a Float32 .bin; prints JSON. */
import { readFileSync } from 'node:fs';
import { calinskiHarabasz, kmeans } from '@seisdec/cluster';
import { timed } from './peer';

const [path, nRowsArg, kArg, nInitArg] = process.argv.slice(2);
const nRows = Number(nRowsArg);
const bytes = readFileSync(path as string);
const data = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
const before = process.resourceUsage().maxRSS;
const run = timed(() => {
  const result = kmeans(data, nRows, 64, { k: Number(kArg), nInit: Number(nInitArg), seed: 0 });
  return calinskiHarabasz(data, nRows, 64, result.labels);
});
const after = process.resourceUsage().maxRSS;
console.log(JSON.stringify({ cpu: run.cpu, wall: run.wall, rssGrowthMiB: (after - before) / 1024 }));
