import { access } from 'node:fs/promises';
import { compareVersions, ensureBinary, goVersion, GoToolchainError } from './provision';
import { binaryPath, cacheDir, stackDir } from './paths';
import { MINIO_SERVER, TEMPORAL_CLI } from './versions';

describe('provisioning', () => {
  it('compares dotted versions numerically', () => {
    expect(compareVersions('1.26.8', '1.25')).toBe(1);
    expect(compareVersions('1.9', '1.25')).toBe(-1);
    expect(compareVersions('1.25.0', '1.25')).toBe(0);
  });

  it('explains how to get Go when the toolchain is missing', () => {
    expect(() => goVersion('/nonexistent/go')).toThrow(GoToolchainError);
    expect(() => goVersion('/nonexistent/go')).toThrow(/Install Go >= 1\.25.*golang-go` is too old/s);
  });

  it('caches binaries per user, outside the repository, keyed by version', async () => {
    const env = { HOME: '/home/someone' } as NodeJS.ProcessEnv;
    expect(cacheDir(env)).toBe('/home/someone/.cache/seisdec');
    expect(cacheDir({ ...env, XDG_CACHE_HOME: '/xdg' })).toBe('/xdg/seisdec');
    expect(cacheDir({ ...env, SEISDEC_CACHE_DIR: '/custom' })).toBe('/custom');
    expect(binaryPath(TEMPORAL_CLI, env)).toBe('/home/someone/.cache/seisdec/bin/temporal-v1.5.1');
    expect(() => stackDir('../escape', env)).toThrow(/invalid stack profile/);
    // The global setup already provisioned both; ensureBinary returns the cached file without building.
    for (const spec of [TEMPORAL_CLI, MINIO_SERVER]) {
      const file = await ensureBinary(spec);
      expect(file).toBe(binaryPath(spec));
      await expect(access(file)).resolves.toBeUndefined();
    }
  });
});
