import { readFileSync } from 'node:fs';
import type { TemporalConnection } from '@seisdec/contracts';

/** What `Connection.connect` (client) and `NativeConnection.connect` (worker) take for TLS and auth. */
export interface TemporalConnectOptions {
  address: string;
  tls?: {
    serverNameOverride?: string;
    serverRootCACertificate?: Buffer;
    clientCertPair?: { crt: Buffer; key: Buffer };
  };
  apiKey?: string;
}

/**
 * Connection options for a validated {@link TemporalConnection}: reads the PEM files named by the TLS
 * settings. A file that cannot be read, or that is not PEM, fails here with the environment variable
 * and the path, instead of as an opaque handshake error later.
 */
export function temporalConnectOptions(temporal: TemporalConnection, readFile: (path: string) => Buffer = readFileSync): TemporalConnectOptions {
  const options: TemporalConnectOptions = { address: temporal.address };
  if (temporal.tls !== undefined) {
    const { caPath, certPath, keyPath, serverName } = temporal.tls;
    options.tls = {
      ...(serverName !== undefined ? { serverNameOverride: serverName } : {}),
      ...(caPath !== undefined ? { serverRootCACertificate: readPem('SEISDEC_TEMPORAL_TLS_CA', caPath, readFile) } : {}),
      ...(certPath !== undefined && keyPath !== undefined
        ? { clientCertPair: { crt: readPem('SEISDEC_TEMPORAL_TLS_CERT', certPath, readFile), key: readPem('SEISDEC_TEMPORAL_TLS_KEY', keyPath, readFile) } }
        : {}),
    };
  }
  if (temporal.apiKey !== undefined) options.apiKey = temporal.apiKey;
  return options;
}

function readPem(variable: string, path: string, readFile: (path: string) => Buffer): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFile(path);
  } catch (error) {
    throw new Error(`${variable}: cannot read ${path}: ${(error as Error).message}`);
  }
  if (!bytes.toString('latin1').includes('-----BEGIN ')) throw new Error(`${variable}: ${path} is not a PEM file (no "-----BEGIN" line)`);
  return bytes;
}
