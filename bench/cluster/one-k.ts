/** Times our kmeans alone at one k on the sweep data (for profiling): tsx bench/cluster/one-k.ts <k> [nInit]. */
import { kmeans } from '@seisdec/cluster';
import { gaussianBlobs } from './blobs';
import { timed } from './peer';
import { sweepSpec } from './sweep-spec';

const k = Number(process.argv[2] ?? 12);
const nInit = Number(process.argv[3] ?? 20);
const { data } = gaussianBlobs(sweepSpec);
const run = timed(() => kmeans(data, sweepSpec.nRows, sweepSpec.dim, { k, nInit, seed: 0 }));
console.log(JSON.stringify({ k, nInit, cpu: run.cpu, wall: run.wall, inertia: run.value.inertia, iterations: run.value.iterations }));
