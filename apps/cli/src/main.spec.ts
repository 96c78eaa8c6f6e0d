import { main } from './main';
import { rootCauseMessage } from './follow';
import { runDemo } from './demo';

describe('seisdec command line', () => {
  let out: string[];
  let err: string[];
  beforeEach(() => {
    out = [];
    err = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    jest.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  });
  afterEach(() => jest.restoreAllMocks());

  it('prints usage and exits 2 without a command, 0 with --help', async () => {
    expect(await main([])).toBe(2);
    expect(out.join('')).toMatch(/usage: seisdec <command>/);
    expect(await main(['--help'])).toBe(0);
  });

  it('names an unknown command', async () => {
    expect(await main(['frobnicate'])).toBe(2);
    expect(err.join('')).toMatch(/unknown command "frobnicate"/);
  });

  it('reports the dev stack the tests run against as healthy', async () => {
    const profile = process.env['SEISDEC_STACK_PROFILE'] ?? process.env['SEISDEC_JEST_PRIVATE_STACK'];
    expect(await main(['dev', 'status', '--profile', profile!])).toBe(0);
    expect(out.join('')).toMatch(/Temporal .*: healthy; UI http:\/\/127\.0\.0\.1:\d+: up/);
  });

  it('rejects a malformed port naming the flag', async () => {
    await expect(main(['dev', 'up', '--profile', 'never-started', '--minio-port', '70000'])).rejects.toThrow(/--minio-port: expected a port number/);
  });
});

describe('rootCauseMessage', () => {
  it('digs to the innermost cause', () => {
    const inner = new Error('sourceDir /x is not a directory');
    const middle = Object.assign(new Error('Activity task failed'), { cause: inner });
    expect(rootCauseMessage(Object.assign(new Error('Workflow execution failed'), { cause: middle }))).toBe('sourceDir /x is not a directory');
    expect(rootCauseMessage('plain')).toBe('plain');
  });
});

describe('the demo (main job) end to end', () => {
  it('stages the bundled Luhu archive through separate worker processes and reports the inventory', async () => {
    const profile = process.env['SEISDEC_STACK_PROFILE'] ?? process.env['SEISDEC_JEST_PRIVATE_STACK'];
    const lines: string[] = [];
    const result = await runDemo((l) => lines.push(l), { profile });
    expect(result.fileCount).toBe(30);
    expect(result.uploaded + result.skipped).toBe(30);
    expect(result.streams).toHaveLength(15);
    expect(result.streams.every((s) => s.days.join() === '2020.088,2020.097')).toBe(true);
    const text = lines.join('\n');
    expect(text).toMatch(/Temporal UI: http:\/\/127\.0\.0\.1:\d+/);
    expect(text).toMatch(/workers ready: orchestrator-worker, ingest-worker/);
    expect(text).toMatch(/staged 30 files/);
  }, 180_000);
});
