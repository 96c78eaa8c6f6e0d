import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { formatIssues, ReprocessInputSchema, type ReprocessInput, type ReprocessParams } from '@seisdec/contracts';
import { CliError } from './connections';

export interface RunFlags {
  config?: string;
  dir?: string;
  prefix?: string;
  runId?: string;
  mode?: 'triggered' | 'continuous';
  mad?: string;
  windowSeconds?: string;
  patterns?: string[];
  start?: string;
  end?: string;
  k?: string;
  kMin?: string;
  kMax?: string;
  criterion?: string;
  epochs?: string;
  restarts?: string;
  seed?: string;
  concurrency?: string;
}

/** A run ID that sorts by start time: `20261122T040430-da94`. */
export function newRunId(now = new Date(), random = Math.random): string {
  const hex = Math.floor(random() * 0x10000).toString(16).padStart(4, '0');
  return `${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}-${hex}`;
}

/**
 * Builds the workflow input from `seisdec run <archive>` flags over an optional YAML/JSON config
 * (flags win), and validates it with the same schema the workflow uses, so mistakes are reported
 * before anything starts. `archive` may be a name (its SDS archive is in the store under
 * `archives/<name>/sds`) or a directory (staged first, named after the directory).
 */
export async function buildRunInput(archiveArg: string, flags: RunFlags): Promise<ReprocessParams> {
  const config = flags.config ? await readConfig(flags.config) : {};
  const dir = flags.dir ?? (await isDirectory(archiveArg) ? archiveArg : undefined);
  const archive = dir && !flags.dir ? sanitiseName(path.basename(path.resolve(dir))) : archiveArg;
  const merged: Record<string, unknown> = { ...config, archive };
  merged['runId'] = flags.runId ?? (config['runId'] as string | undefined) ?? newRunId();
  if (dir) merged['source'] = { kind: 'directory', path: path.resolve(dir) };
  else if (flags.prefix) merged['source'] = { kind: 'store', prefix: flags.prefix };
  else merged['source'] ??= { kind: 'store', prefix: `archives/${archive}/sds` };

  const section = (name: string) => ((merged[name] ??= {}) as Record<string, unknown>);
  if (flags.patterns?.length) section('selection')['patterns'] = flags.patterns;
  if (flags.start) section('selection')['start'] = flags.start;
  if (flags.end) section('selection')['end'] = flags.end;
  if (flags.mode) merged['windowing'] = { ...(merged['windowing'] as object | undefined), mode: flags.mode };
  if (flags.mad) section('windowing')['madMultiplier'] = num(flags.mad, '--mad');
  if (flags.windowSeconds) section('windowing')['windowSeconds'] = num(flags.windowSeconds, '--window-seconds');
  if (flags.k) section('cluster')['k'] = num(flags.k, '--k');
  if (flags.kMin || flags.kMax) section('cluster')['k'] = { min: num(flags.kMin ?? '2', '--k-min'), max: num(flags.kMax ?? '15', '--k-max') };
  if (flags.criterion) section('cluster')['criterion'] = flags.criterion;
  if (flags.restarts) section('cluster')['restarts'] = num(flags.restarts, '--restarts');
  if (flags.epochs) section('model')['epochs'] = num(flags.epochs, '--epochs');
  if (flags.seed) merged['seed'] = num(flags.seed, '--seed');
  if (flags.concurrency) merged['concurrency'] = num(flags.concurrency, '--concurrency');

  const parsed = ReprocessInputSchema.safeParse(merged as ReprocessInput);
  if (!parsed.success) {
    throw new CliError(`invalid run settings: ${formatIssues(parsed.error)}`, 'see `seisdec run --help` and the run settings in README.md', 2);
  }
  return parsed.data;
}

async function readConfig(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read config ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, undefined, 2);
  }
  try {
    const value = parseYaml(text) as unknown;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('expected a mapping at the top level');
    return value as Record<string, unknown>;
  } catch (error) {
    throw new CliError(`config ${file} is not valid YAML/JSON: ${(error as Error).message}`, undefined, 2);
  }
}

async function isDirectory(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isDirectory(), () => false);
}

function sanitiseName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'archive';
}

function num(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new CliError(`${flag}: expected a number, got ${JSON.stringify(value)}`, undefined, 2);
  return n;
}
