import { createServer, type Server } from 'node:http';

export interface HealthSource {
  /** Liveness: the process is not wedged. */
  live(): boolean;
  /** Readiness: connected and polling its task queue. */
  ready(): boolean;
  details(): Record<string, unknown>;
}

/**
 * `GET /livez` and `GET /readyz` (200 or 503, JSON body) for Kubernetes probes and `seisdec workers`.
 * Port 0 picks a free port; the bound port is returned.
 */
export async function startHealthServer(port: number, source: HealthSource, host = '0.0.0.0'): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const ok = req.url === '/livez' ? source.live() : req.url === '/readyz' ? source.ready() : undefined;
    if (ok === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ ok, ...source.details() }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : port };
}
