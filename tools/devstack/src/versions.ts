/**
 * Server binaries the dev stack builds from their Go modules. Pinned: a change here rebuilds once
 * per machine, into a new cache entry, and old entries stay usable by older checkouts.
 */
export interface GoBinarySpec {
  /** Name of the cached binary (without version). */
  name: 'temporal' | 'minio';
  /** Go package to `go install`. */
  module: string;
  /** Module version: a tag, or a pseudo-version pinning one commit. */
  version: string;
  /** Minimum Go toolchain the module's go.mod asks for. */
  minGo: string;
}

/**
 * Temporal CLI v1.5.1: the newest tag whose go.mod has no replace directive (newer tags replace
 * `cliext` with a local path, which `go install module@version` refuses). Its `server start-dev`
 * is the Temporal dev server with the Web UI built in.
 */
export const TEMPORAL_CLI: GoBinarySpec = {
  name: 'temporal',
  module: 'github.com/temporalio/cli/cmd/temporal',
  version: 'v1.5.1',
  minGo: '1.25',
};

/**
 * MinIO: the module proxy serves the repository's final commit (2026-02-12, after which the
 * project stopped publishing) as this pseudo-version; its RELEASE.* tags are not valid module
 * versions and are not served, so this pseudo-version is the pin.
 */
export const MINIO_SERVER: GoBinarySpec = {
  name: 'minio',
  module: 'github.com/minio/minio',
  version: 'v0.0.0-20260212201848-7aac2a2c5b7c',
  minGo: '1.24',
};

export const SERVER_BINARIES = [TEMPORAL_CLI, MINIO_SERVER] as const;
