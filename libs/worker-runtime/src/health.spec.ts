import { startHealthServer } from './health';

describe('health endpoints', () => {
  it('answers /livez and /readyz with 200 or 503 and details, 404 elsewhere', async () => {
    let ready = false;
    const { server, port } = await startHealthServer(0, { live: () => true, ready: () => ready, details: () => ({ service: 'x', state: ready ? 'RUNNING' : 'INITIALIZED' }) }, '127.0.0.1');
    try {
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/livez`)).status).toBe(200);
      const notReady = await fetch(`${base}/readyz`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual({ ok: false, service: 'x', state: 'INITIALIZED' });
      ready = true;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      expect((await fetch(`${base}/other`)).status).toBe(404);
    } finally {
      server.close();
    }
  });
});
