import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildRunInput, newRunId } from './run-input';

describe('buildRunInput', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'seisdec-run-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('defaults to the archive in the store and the slope-hazard settings', async () => {
    const input = await buildRunInput('luhu', { runId: 'r1' });
    expect(input.source).toEqual({ kind: 'store', prefix: 'archives/luhu/sds' });
    expect(input.windowing).toMatchObject({ mode: 'triggered', madMultiplier: 12 });
    expect(input.cluster).toMatchObject({ k: { min: 2, max: 15 }, criterion: 'calinski-harabasz' });
    expect(input.runId).toBe('r1');
  });

  it('stages a directory argument, naming the archive after it', async () => {
    const sds = path.join(dir, 'Etna SDS');
    await import('node:fs/promises').then((fs) => fs.mkdir(sds));
    const input = await buildRunInput(sds, {});
    expect(input.archive).toBe('etna-sds');
    expect(input.source).toEqual({ kind: 'directory', path: sds });
  });

  it('layers flags over a YAML config', async () => {
    const config = path.join(dir, 'run.yaml');
    await writeFile(config, 'windowing: { mode: continuous, windowSeconds: 60 }\ncluster: { k: 4, restarts: 3 }\nseed: 7\n');
    const input = await buildRunInput('iceland', { config, k: '5', epochs: '2', patterns: ['VI.NUPH.*.HH?'] });
    expect(input.windowing).toMatchObject({ mode: 'continuous', windowSeconds: 60 });
    expect(input.cluster).toMatchObject({ k: 5, restarts: 3 });
    expect(input.model.epochs).toBe(2);
    expect(input.seed).toBe(7);
    expect(input.selection.patterns).toEqual(['VI.NUPH.*.HH?']);
  });

  it('names every bad setting', async () => {
    await expect(buildRunInput('Bad Name', {})).rejects.toThrow(/archive: expected 1-63 lowercase/);
    await expect(buildRunInput('luhu', { start: '2020-03-29T00:00:00Z', end: '2020-03-28T00:00:00Z' })).rejects.toThrow(/selection\.end: end .* is not after start/);
    await expect(buildRunInput('luhu', { k: 'four' })).rejects.toThrow(/--k: expected a number/);
    await expect(buildRunInput('luhu', { config: path.join(dir, 'missing.yaml') })).rejects.toThrow(/cannot read config .*missing\.yaml: ENOENT/);
    const broken = path.join(dir, 'broken.yaml');
    await writeFile(broken, '- just\n- a list\n');
    await expect(buildRunInput('luhu', { config: broken })).rejects.toThrow(/not valid YAML\/JSON: expected a mapping/);
  });

  it('makes sortable run IDs', () => {
    expect(newRunId(new Date('2026-11-22T04:04:30Z'), () => 0.5)).toBe('20261122T040430-8000');
  });
});
