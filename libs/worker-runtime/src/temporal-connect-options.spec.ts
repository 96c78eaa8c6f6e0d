import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { connectionsFromEnv, type TemporalConnection } from '@seisdec/contracts';
import { temporalConnectOptions } from './temporal-connect-options';

/**
 * TLS and mTLS towards the real Temporal dev server. The dev server speaks plaintext, so a TLS
 * terminator (Node's tls, ALPN h2, client certificates required) stands in front of it, as an
 * ingress or Temporal's own TLS would; certificates come from openssl: a CA, a server certificate for
 * 127.0.0.1, and a client certificate.
 */
describe('temporalConnectOptions against a TLS endpoint', () => {
  const upstream = connectionsFromEnv(process.env).temporal;
  let dir: string;
  let proxy: Server;
  let address: string;
  const pem = (name: string) => join(dir, name);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'seisdec-tls-'));
    makeCertificates(dir);
    proxy = createServer(
      { cert: readFileSync(pem('server.pem')), key: readFileSync(pem('server.key')), ca: readFileSync(pem('ca.pem')), requestCert: true, rejectUnauthorized: true, ALPNProtocols: ['h2'] },
      (secure) => {
        const [host, port] = upstream.address.split(':') as [string, string];
        const plain = netConnect(Number(port), host);
        secure.pipe(plain).pipe(secure);
        const close = () => {
          secure.destroy();
          plain.destroy();
        };
        secure.on('error', close);
        plain.on('error', close);
      },
    );
    proxy.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    address = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => proxy.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const mtls = (): TemporalConnection => ({ address, namespace: upstream.namespace, tls: { caPath: pem('ca.pem'), certPath: pem('client.pem'), keyPath: pem('client.key') } });

  it('the client (CLI) reaches Temporal over mTLS', async () => {
    const connection = await Connection.connect({ ...temporalConnectOptions(mtls()), connectTimeout: 10_000 });
    try {
      const info = await connection.workflowService.getSystemInfo({});
      expect(info.serverVersion).toMatch(/\d+\.\d+/);
    } finally {
      await connection.close();
    }
  });

  it('the worker connection (NativeConnection) reaches Temporal over mTLS', async () => {
    const connection = await NativeConnection.connect(temporalConnectOptions(mtls()));
    try {
      const namespaces = await connection.workflowService.listNamespaces({});
      expect(namespaces.namespaces.map((n) => n.namespaceInfo?.name)).toContain(upstream.namespace);
    } finally {
      await connection.close();
    }
  });

  it('fails without the client certificate, and without the CA that signed the server', async () => {
    const noClientCert = { ...mtls(), tls: { caPath: pem('ca.pem') } };
    await expect(NativeConnection.connect(temporalConnectOptions(noClientCert))).rejects.toThrow();
    const untrusted = { ...mtls(), tls: { certPath: pem('client.pem'), keyPath: pem('client.key') } };
    await expect(NativeConnection.connect(temporalConnectOptions(untrusted))).rejects.toThrow();
  });

  it('names the variable and path of a missing or non-PEM file', () => {
    expect(() => temporalConnectOptions({ ...mtls(), tls: { caPath: pem('nope.pem') } })).toThrow(/SEISDEC_TEMPORAL_TLS_CA: cannot read .*nope\.pem/);
    writeFileSync(pem('garbage.pem'), 'not a certificate');
    expect(() => temporalConnectOptions({ ...mtls(), tls: { certPath: pem('garbage.pem'), keyPath: pem('client.key') } })).toThrow(/SEISDEC_TEMPORAL_TLS_CERT: .*garbage\.pem is not a PEM file/);
  });

  it('passes the API key and the server name through', () => {
    const options = temporalConnectOptions({ address, namespace: 'default', tls: { serverName: 'temporal.internal' }, apiKey: 'key-1' });
    expect(options).toEqual({ address, tls: { serverNameOverride: 'temporal.internal' }, apiKey: 'key-1' });
  });
});

function makeCertificates(dir: string): void {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=seisdec test CA', '-keyout', 'ca.key', '-out', 'ca.pem');
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [name, subject] of [
    ['server', '/CN=127.0.0.1'],
    ['client', '/CN=seisdec-worker'],
  ] as const) {
    run('req', '-newkey', 'rsa:2048', '-nodes', '-subj', subject, '-keyout', `${name}.key`, '-out', `${name}.csr`);
    run('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.pem`);
  }
}
