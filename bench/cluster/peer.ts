import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';

export interface PeerRequest {
  path: string;
  nRows: number;
  nCols: number;
  dtype: 'float32' | 'float64';
  k: number;
  nInit: number;
  seed: number;
}

export interface PeerReply {
  wall: number;
  cpu: number;
  inertia: number;
  iterations: number;
  calinskiHarabasz: number;
  algorithm: string;
  maxRssMiB: number;
}

/** The scikit-learn peer process (bench/cluster/sklearn_peer.py) in the cached venv, 1 thread. */
export class SklearnPeer {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly pending: Array<(line: string) => void> = [];
  readonly ready: Promise<{ sklearn: string; numpy: string }>;

  constructor() {
    const venv = execFileSync('bash', ['tools/scripts/pyenv.sh', 'bench/cluster/requirements.txt'], { encoding: 'utf8' }).trim();
    const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    this.child = spawn(`${venv}/bin/python`, ['bench/cluster/sklearn_peer.py'], { env });
    this.child.stderr.pipe(process.stderr);
    this.lines = createInterface({ input: this.child.stdout });
    this.lines.on('line', (line) => this.pending.shift()?.(line));
    this.ready = new Promise((resolve) => this.pending.push((line) => resolve(JSON.parse(line))));
  }

  run(request: PeerRequest): Promise<PeerReply> {
    return new Promise((resolve) => {
      this.pending.push((line) => resolve(JSON.parse(line) as PeerReply));
      this.child.stdin.write(`${JSON.stringify(request)}\n`);
    });
  }

  close(): void {
    this.child.stdin.end();
    this.lines.close();
  }
}

/** Wall and CPU (user + system) seconds of a synchronous call. */
export function timed<T>(fn: () => T): { value: T; wall: number; cpu: number } {
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const value = fn();
  const wall = (performance.now() - wall0) / 1000;
  const used = process.cpuUsage(cpu0);
  return { value, wall, cpu: (used.user + used.system) / 1e6 };
}
