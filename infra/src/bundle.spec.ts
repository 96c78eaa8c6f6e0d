import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SEARCH_ATTRIBUTES } from '@seisdec/contracts';
import { ensureBinary, freePort, TEMPORAL_CLI } from '@seisdec/devstack';
import { bundlePath, bundleService, SERVICES, WORKFLOW_RUNTIME_FILES, type BundleResult, type ServiceName } from './bundle';
import { find, renderAll } from './fixtures';
import { podSpecOf } from './policy';
import { repoRoot } from './render';

/*
 * What the images run, without Docker: every service is bundled exactly as its Dockerfile's build
 * stage does, laid out as the runtime stage lays it out (/app = `root` below, production packages in
 * node_modules), and started with plain `node` (no tsx). The orchestrator is run against a private
 * Temporal dev server until it is ready, then drained with SIGTERM, and the search-attribute Job's
 * script is run against the same server.
 */

const services = Object.keys(SERVICES) as ServiceName[];
let root: string;
const bundles = new Map<ServiceName, BundleResult>();

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'seisdec-image-'));
  for (const service of services) bundles.set(service, await bundleService(service, root));
  for (const file of WORKFLOW_RUNTIME_FILES) await cp(path.join(repoRoot, file), path.join(root, file), { recursive: true });
  await symlink(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir');
}, 60_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

function runtimeDependencies(): Promise<string[]> {
  return readFile(path.join(repoRoot, 'package.json'), 'utf8').then((text) => Object.keys((JSON.parse(text) as { dependencies: Record<string, string> }).dependencies));
}

describe('service bundles (the images\' entry points)', () => {
  it.each(services)('%s: bundled with only runtime dependencies left external', async (service) => {
    const bundle = bundles.get(service)!;
    expect(bundle.file).toBe(bundlePath(service, root));
    const allowed = new Set(await runtimeDependencies());
    expect(bundle.externals.filter((name) => !allowed.has(name))).toEqual([]);
    expect(bundle.inputs.some((input) => input.startsWith(`apps/${service}/src/`))).toBe(true);
  });

  it('a devDependency imported by service code fails the build (it would be missing from the image)', async () => {
    const entry = path.join(root, 'uses-dev-dependency.ts');
    await writeFile(entry, "import { TestWorkflowEnvironment } from '@temporalio/testing';\nexport const env = TestWorkflowEnvironment;\n");
    await expect(bundleService('cli', path.join(root, 'rejected'), { entry })).rejects.toThrow(/"@temporalio\/testing" is a devDependency/);
  });

  it.each(services.filter((s) => s !== 'cli'))('%s: starts under plain node and rejects a bad setting by name', (service) => {
    const result = spawnSync(process.execPath, [bundlePath(service, root)], {
      cwd: root,
      env: { PATH: process.env['PATH'], SEISDEC_SHUTDOWN_GRACE: 'soon', SEISDEC_TF_BACKEND: 'wasm', TF_CPP_MIN_LOG_LEVEL: '2' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/SEISDEC_SHUTDOWN_GRACE: expected a duration like 30s/);
  });

  it('the layout puts the workflow sources three directories above the orchestrator bundle, where libs/worker-runtime looks', async () => {
    const workflowsIndex = path.join(path.dirname(bundlePath('orchestrator-worker', root)), '../../..', 'workflows/src/index.ts');
    await expect(readFile(workflowsIndex, 'utf8')).resolves.toMatch(/export/);
  });

  it('cli: prints its usage under plain node', () => {
    const result = spawnSync(process.execPath, [bundlePath('cli', root), '--help'], { cwd: root, env: { PATH: process.env['PATH'] }, encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/run/);
    expect(result.stdout).toMatch(/retry/);
  });
});

describe('against a private Temporal dev server', () => {
  let temporal: ChildProcess | undefined;
  let temporalBinary: string;
  let address: string;

  beforeAll(async () => {
    temporalBinary = await ensureBinary(TEMPORAL_CLI);
    const [port, httpPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
    address = `127.0.0.1:${port}`;
    temporal = spawn(
      temporalBinary,
      ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port), '--http-port', String(httpPort), '--metrics-port', String(metricsPort), '--log-level', 'error'],
      { stdio: 'ignore' },
    );
    await waitFor(() => spawnSync(temporalBinary, ['operator', 'cluster', 'health', '--address', address], { encoding: 'utf8' }).status === 0, 'Temporal dev server', 30_000);
  }, 10 * 60_000); // builds the Temporal CLI once per machine if the dev stack has not

  afterAll(async () => {
    if (temporal && temporal.exitCode === null) {
      const exited = new Promise((resolve) => temporal!.once('exit', resolve));
      temporal.kill('SIGTERM');
      await exited;
    }
  });

  it('orchestrator-worker: bundles the workflows from the image layout, turns ready on /readyz, drains on SIGTERM and exits 0', async () => {
    const healthPort = await freePort();
    const worker = spawn(process.execPath, [bundlePath('orchestrator-worker', root)], {
      cwd: root,
      env: {
        PATH: process.env['PATH'],
        SEISDEC_TEMPORAL_ADDRESS: address,
        SEISDEC_MINIO_ACCESS_KEY: 'unused-by-the-orchestrator',
        SEISDEC_MINIO_SECRET_KEY: 'unused-by-the-orchestrator',
        SEISDEC_HEALTH_HOST: '127.0.0.1',
        SEISDEC_HEALTH_PORT: String(healthPort),
        SEISDEC_SHUTDOWN_GRACE: '5s',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    worker.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => worker.once('exit', resolve));
    try {
      await waitForAsync(async () => (await httpStatus(`http://127.0.0.1:${healthPort}/readyz`)) === 200, 'orchestrator /readyz', 45_000, () => worker.exitCode === null, () => output);
      expect(await httpStatus(`http://127.0.0.1:${healthPort}/livez`)).toBe(200);
      worker.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toMatch(/worker stopped/);
    } finally {
      if (worker.exitCode === null) worker.kill('SIGKILL');
    }
  }, 60_000);

  it('search-attribute Job: its script registers exactly SEARCH_ATTRIBUTES, and running it again changes nothing', async () => {
    const { rendered } = await renderAll();
    const job = find(rendered['platform/search-attributes']!, 'Job', 'seisdec-register-search-attributes');
    const c = podSpecOf(job)!.containers[0]! as unknown as { command: string[]; args: string[]; env: { name: string; value: string }[] };
    const bin = await mkdtemp(path.join(tmpdir(), 'seisdec-temporal-bin-'));
    try {
      await symlink(temporalBinary, path.join(bin, 'temporal'));
      const env = { ...Object.fromEntries(c.env.map((e) => [e.name, e.value])), TEMPORAL_ADDRESS: address, HOME: bin, PATH: `${bin}:${process.env['PATH']}` };
      for (let run = 0; run < 2; run++) {
        const result = spawnSync(c.command[0]!, [...c.command.slice(1), c.args[0]!], { env, encoding: 'utf8', timeout: 30_000 });
        expect({ run, status: result.status, stderr: result.stderr }).toEqual({ run, status: 0, stderr: '' });
      }
      const listed = spawnSync(temporalBinary, ['operator', 'search-attribute', 'list', '--address', address, '-o', 'json'], { encoding: 'utf8' });
      const custom = (JSON.parse(listed.stdout) as { customAttributes: Record<string, string> }).customAttributes;
      const expected = Object.fromEntries(Object.entries(SEARCH_ATTRIBUTES).map(([name, kind]) => [name, `INDEXED_VALUE_TYPE_${kind.toUpperCase()}`]));
      expect(custom).toEqual(expected);
    } finally {
      await rm(bin, { recursive: true, force: true });
    }
  }, 60_000);
});

async function httpStatus(url: string): Promise<number | undefined> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2_000) })).status;
  } catch {
    return undefined;
  }
}

async function waitFor(check: () => boolean, what: string, timeoutMs: number): Promise<void> {
  await waitForAsync(async () => check(), what, timeoutMs, () => true, () => '');
}

async function waitForAsync(check: () => Promise<boolean>, what: string, timeoutMs: number, alive: () => boolean, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (!alive()) throw new Error(`${what}: the process exited before it was ready:\n${log().slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${timeoutMs / 1000} s:\n${log().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
