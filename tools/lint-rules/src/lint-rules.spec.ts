import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';

// Proves the architecture rules bite: each case writes a probe file into a real project, then ONE
// run of the workspace's real `eslint` (with eslint.config.mjs) lints them all; each case checks
// which rule fired. Probe files are removed afterwards.
const root = path.resolve(__dirname, '../../..');
const boundary = '@nx/enforce-module-boundaries';
const restricted = '@typescript-eslint/no-restricted-imports';

interface Probe {
  dir: string;
  code: string;
}
type Message = { ruleId: string | null; message: string };

const probes = {
  contractsImportsStore: { dir: 'libs/contracts/src', code: "import { FsBlobStore } from '@seisdec/store';\nexport const x = FsBlobStore;\n" },
  contractsImportsMinio: { dir: 'libs/contracts/src', code: "import { Client } from 'minio';\nexport const x = Client;\n" },
  numericImportsTemporal: { dir: 'libs/dsp/src', code: "import { Connection } from '@temporalio/client';\nexport const x = Connection;\n" },
  numericImportsMinio: { dir: 'libs/dsp/src', code: "import { Client } from 'minio';\nexport const x = Client;\n" },
  numericImportsIo: { dir: 'libs/cluster/src', code: "import { FsBlobStore } from '@seisdec/store';\nexport const x = FsBlobStore;\n" },
  ioImportsWorker: { dir: 'libs/store/src', code: "import { Worker } from '@temporalio/worker';\nexport const x = Worker;\n" },
  workflowsImportStore: { dir: 'workflows/src', code: "import { FsBlobStore } from '@seisdec/store';\nexport const x = FsBlobStore;\n" },
  ioImportsContracts: { dir: 'libs/store/src', code: "import { TASK_QUEUES } from '@seisdec/contracts';\nexport const x = TASK_QUEUES;\n" },
  workflowsImportContracts: { dir: 'workflows/src', code: "import { TASK_QUEUES } from '@seisdec/contracts';\nexport const x = TASK_QUEUES;\n" },
  appImportsIo: { dir: 'apps/ingest-worker/src', code: "import { FsBlobStore } from '@seisdec/store';\nexport const x = FsBlobStore;\n" },
  workflowsImportFs: { dir: 'workflows/src', code: "import * as fs from 'fs';\nexport const x = fs;\n" },
  workflowsImportNodeCrypto: { dir: 'workflows/src', code: "import * as c from 'node:crypto';\nexport const x = c;\n" },
  workflowsImportClient: { dir: 'workflows/src', code: "import { Client } from '@temporalio/client';\nexport const x = Client;\n" },
  workflowsImportClientType: { dir: 'workflows/src', code: "import type { Client } from '@temporalio/client';\nexport type X = Client;\n" },
  workflowsFloatingPromise: {
    dir: 'workflows/src',
    code: "import { sleep } from '@temporalio/workflow';\nexport async function wf(): Promise<void> {\n  sleep(10);\n}\n",
  },
  workflowsGlobals: { dir: 'workflows/src', code: 'export const x = process.env;\nsetTimeout(() => undefined, 1);\n' },
} satisfies Record<string, Probe>;

const results = new Map<keyof typeof probes, Message[]>();

beforeAll(async () => {
  // Refresh Nx's cached project graph first (the boundary rule reads it), before any probe exists,
  // so probes are judged against the real code and never against each other.
  await promisify(execFile)(path.join(root, 'node_modules/.bin/nx'), ['show', 'projects'], { cwd: root, env: { ...process.env, NX_DAEMON: 'false' } });
  const tag = randomBytes(4).toString('hex');
  const files = new Map<string, keyof typeof probes>();
  for (const [name, probe] of Object.entries(probes) as Array<[keyof typeof probes, Probe]>) {
    const file = path.join(root, probe.dir, `__lint_probe_${tag}_${name}__.ts`);
    files.set(file, name);
    await writeFile(file, probe.code);
  }
  try {
    const stdout = await promisify(execFile)(path.join(root, 'node_modules/.bin/eslint'), ['--format', 'json', ...files.keys()], { cwd: root, maxBuffer: 64 << 20 })
      .then((r) => r.stdout)
      .catch((error: { stdout?: string }) => error.stdout ?? ''); // eslint exits 1 when it finds errors
    for (const result of JSON.parse(stdout) as Array<{ filePath: string; messages: Message[] }>) {
      const name = files.get(result.filePath);
      if (name) results.set(name, result.messages);
    }
  } finally {
    await Promise.all([...files.keys()].map((f) => rm(f, { force: true })));
  }
  expect(results.size).toBe(Object.keys(probes).length);
}, 120_000);

const fired = (name: keyof typeof probes, rule: string) => (results.get(name) ?? []).filter((m) => m.ruleId === rule).map((m) => m.message).join('\n');

describe('module boundaries (tag matrix)', () => {
  it.each([
    ['contractsImportsStore', /type:contract|Circular/],
    ['contractsImportsMinio', /"type:contract" is not allowed to import "minio"/],
    ['numericImportsTemporal', /"type:numeric" is not allowed to import "@temporalio\/client"/],
    ['numericImportsMinio', /"type:numeric" is not allowed to import "minio"/],
    ['numericImportsIo', /can only depend on libs tagged with "type:numeric"/],
    ['ioImportsWorker', /"type:io" is not allowed to import "@temporalio\/worker"/],
    ['workflowsImportStore', /can only depend on libs tagged with "type:contract"/],
  ] as const)('%s is an error', (name, expected) => {
    expect(fired(name, boundary)).toMatch(expected);
  });

  it.each(['ioImportsContracts', 'workflowsImportContracts', 'appImportsIo'] as const)('%s is allowed', (name) => {
    expect(fired(name, boundary)).toBe('');
  });
});

describe('Temporal determinism rules for workflows/', () => {
  it('bans Node built-ins', () => {
    expect(fired('workflowsImportFs', restricted)).toMatch(/no Node built-ins/);
    expect(fired('workflowsImportNodeCrypto', restricted)).toMatch(/no Node built-ins/);
  });

  it('bans the client SDK in workflow code but allows type-only imports', () => {
    expect(fired('workflowsImportClient', restricted)).toMatch(/only @temporalio\/workflow and contracts/);
    expect(fired('workflowsImportClientType', restricted)).toBe('');
  });

  it('flags floating promises', () => {
    expect(fired('workflowsFloatingPromise', '@typescript-eslint/no-floating-promises')).not.toBe('');
  });

  it('bans timers and the process global', () => {
    expect(fired('workflowsGlobals', 'no-restricted-globals')).toMatch(/sleep\(\)[\s\S]*process environment|process environment[\s\S]*sleep\(\)/);
  });
});
