import { createServer } from 'node:net';

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** True when `port` can be bound on 127.0.0.1. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Picks distinct ports: the configured one if given (it must be free), else the preferred one
 * (last run's, so the UI URL stays stable) if it is free, else any free port.
 */
export async function pickPorts(wanted: Array<{ name: string; configured?: number; preferred?: number }>): Promise<number[]> {
  const taken = new Set<number>();
  const out: number[] = [];
  for (const { name, configured, preferred } of wanted) {
    let port: number | undefined;
    if (configured !== undefined) {
      if (taken.has(configured) || !(await portIsFree(configured))) throw new Error(`${name} port ${configured} is already in use on 127.0.0.1`);
      port = configured;
    } else if (preferred !== undefined && !taken.has(preferred) && (await portIsFree(preferred))) {
      port = preferred;
    } else {
      do port = await freePort();
      while (taken.has(port));
    }
    taken.add(port);
    out.push(port);
  }
  return out;
}
