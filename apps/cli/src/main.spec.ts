import { main } from './main';
import { rootCauseMessage } from './follow';

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

  it('prints usage and exits non-zero without a command, 0 with --help', async () => {
    expect(await main([])).toBe(2);
    expect(err.join('') + out.join('')).toMatch(/Usage: seisdec/);
    out.length = 0;
    expect(await main(['--help'])).toBe(0);
    expect(out.join('')).toMatch(/run \[options\] <archive>/);
  });

  it('names an unknown command', async () => {
    expect(await main(['frobnicate'])).toBe(2);
    expect(err.join('')).toMatch(/unknown command 'frobnicate'/);
  });

  it('reports invalid run settings as one line plus a hint, exit 2, before contacting anything', async () => {
    expect(await main(['run', 'luhu', '--k-min', '9', '--k-max', '3'])).toBe(2);
    expect(err.join('')).toMatch(/seisdec: invalid run settings: cluster\.k: k range is empty: min 9 > max 3\nhint: /);
  });

  it('explains an unknown run', async () => {
    const profile = process.env['SEISDEC_STACK_PROFILE'] ?? process.env['SEISDEC_JEST_PRIVATE_STACK'];
    process.env['SEISDEC_STACK_PROFILE'] = profile;
    expect(await main(['status', 'luhu/no-such-run'])).toBe(1);
    expect(err.join('')).toMatch(/seisdec: no run reprocess\/luhu\/no-such-run\nhint: list runs with: seisdec list/);
  });

  it('reports the dev stack the tests run against as healthy', async () => {
    const profile = process.env['SEISDEC_STACK_PROFILE'] ?? process.env['SEISDEC_JEST_PRIVATE_STACK'];
    expect(await main(['dev', 'status', '--profile', profile!])).toBe(0);
    expect(out.join('')).toMatch(/Temporal .*: healthy; UI http:\/\/127\.0\.0\.1:\d+: up/);
  });

  it('rejects a malformed port naming the flag', async () => {
    expect(await main(['dev', 'up', '--profile', 'never-started', '--minio-port', '70000'])).toBe(1);
    expect(err.join('')).toMatch(/--minio-port: expected a port number/);
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

