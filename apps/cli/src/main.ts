/**
 * `seisdec`: the command line of the platform.
 *   seisdec run <archive|dir> [options | --config run.yaml]   start (and follow) a reprocessing run
 *   seisdec status [id] | list | cancel <id> | retry <id> [--from <stage>] | results <id> --out <dir>
 *   seisdec workers                                          run all worker services locally
 *   seisdec dev up|down|status|provision|env                 the embedded dev stack
 *   seisdec demo                                             the main job on the bundled Luhu archive
 * Errors are one line plus a hint, with a non-zero exit code; `--json` gives machine-readable output.
 */
import { Command, CommanderError, Option } from 'commander';
import { STAGES } from '@seisdec/contracts';
import { devMain } from '@seisdec/devstack';
import { cancelCommand, listCommand, resultsCommand, retryCommand, runCommand, statusCommand } from './commands';
import { CliError, resolveConnections } from './connections';
import { runDemo } from './demo';
import { rootCauseMessage } from './follow';
import { buildRunInput, type RunFlags } from './run-input';
import { LOCAL_WORKER_SERVICES, startWorkerProcesses, stopWorkerProcesses } from './spawn-workers';

const out = (line: string) => process.stdout.write(line + '\n');
const collect = (value: string, previous: string[] = []) => [...previous, value];

export function buildProgram(): Command {
  const program = new Command('seisdec')
    .description('Unsupervised discovery of seismic signal classes by Deep Embedded Clustering, orchestrated by Temporal')
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) });

  program
    .command('run')
    .description('reprocess an archive: ingest -> featurise -> pretrain -> embed -> k-sweep -> DEC -> report')
    .argument('<archive>', 'archive name (its SDS archive is in the store under archives/<name>/sds) or a local SDS directory')
    .option('--config <file>', 'run settings as YAML or JSON (flags win)')
    .option('--dir <path>', 'local SDS directory to stage (the archive argument is then the name)')
    .option('--prefix <key>', 'object-store prefix of the SDS archive')
    .option('--run-id <id>', 'run identifier (default: time-based)')
    .addOption(new Option('--mode <mode>', 'windowing').choices(['triggered', 'continuous']))
    .option('--mad <n>', 'triggered mode: envelope threshold in MADs (default 12)')
    .option('--window-seconds <s>', 'window length in seconds')
    .option('--pattern <NET.STA.LOC.CHA>', 'stream selection glob (repeatable)', collect)
    .option('--start <iso>', 'UTC start of the selection')
    .option('--end <iso>', 'UTC end of the selection')
    .option('--k <k>', 'fixed number of clusters (skips the selection)')
    .option('--k-min <k>', 'k-sweep lower bound (default 2)')
    .option('--k-max <k>', 'k-sweep upper bound (default 15)')
    .addOption(new Option('--criterion <name>', 'k selection criterion').choices(['calinski-harabasz', 'silhouette', 'davies-bouldin', 'elbow']))
    .option('--epochs <n>', 'autoencoder pretraining epochs')
    .option('--restarts <n>', 'k-means restarts per k')
    .option('--seed <n>', 'random seed')
    .option('--concurrency <n>', 'station-day activities in flight')
    .option('--no-follow', 'start and return the workflow ID')
    .option('--json', 'machine-readable output')
    .action(async (archive: string, opts: RunFlags & { pattern?: string[]; follow: boolean; json?: boolean }) => {
      const input = await buildRunInput(archive, { ...opts, patterns: opts.pattern });
      await runCommand(await resolveConnections(), input, { follow: opts.follow, json: opts.json ?? false, bars: process.stderr.isTTY === true }, out);
    });

  program
    .command('status')
    .description('state, stage and progress of a run (default: the latest)')
    .argument('[id]', 'reprocess/<archive>/<runId> or <archive>/<runId>')
    .option('--json', 'machine-readable output')
    .action(async (id: string | undefined, opts: { json?: boolean }) => statusCommand(await resolveConnections(), id, opts.json ?? false, out));

  program
    .command('list')
    .description('recent runs, newest first')
    .option('--archive <name>', 'only this archive')
    .addOption(new Option('--status <status>', 'only runs in this state').choices(['running', 'completed', 'failed', 'cancelled']))
    .option('--limit <n>', 'at most this many', '20')
    .option('--json', 'machine-readable output')
    .action(async (opts: { archive?: string; status?: string; limit: string; json?: boolean }) =>
      listCommand(await resolveConnections(), { archive: opts.archive, status: opts.status, limit: Number(opts.limit) || 20 }, opts.json ?? false, out),
    );

  program
    .command('cancel')
    .description('cancel a run; workers stop its activities at their next heartbeat')
    .argument('<id>')
    .action(async (id: string) => cancelCommand(await resolveConnections(), id, out));

  program
    .command('retry')
    .description('rerun with the same settings, reusing cached stage outputs (or recomputing from a stage)')
    .argument('<id>')
    .addOption(new Option('--from <stage>', 'recompute this stage and the ones after it').choices([...STAGES]))
    .option('--no-follow', 'start and return the workflow ID')
    .option('--json', 'machine-readable output')
    .action(async (id: string, opts: { from?: string; follow: boolean; json?: boolean }) => {
      await retryCommand(await resolveConnections(), id, opts.from, { follow: opts.follow, json: opts.json ?? false, bars: process.stderr.isTTY === true }, out);
    });

  program
    .command('results')
    .description("download a completed run's report (index.html, figures, labels.csv)")
    .argument('<id>')
    .requiredOption('--out <dir>', 'local directory')
    .action(async (id: string, opts: { out: string }) => {
      await resultsCommand(await resolveConnections(), id, opts.out, out);
    });

  program
    .command('workers')
    .description(`run every worker service locally (${LOCAL_WORKER_SERVICES.join(', ')}) until Ctrl-C`)
    .action(async () => {
      const resolved = await resolveConnections();
      const workers = await startWorkerProcesses(resolved.env, 'worker-logs');
      out(`workers ready against ${resolved.source}: ${workers.map((w) => `${w.service} (health :${w.healthPort}, log ${w.logFile})`).join(', ')}`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
        for (const w of workers) w.child.once('exit', (code) => code !== 0 && out(`${w.service} exited with code ${code}; see ${w.logFile}`));
      });
      out('stopping workers (running activities finish first)');
      await stopWorkerProcesses(workers);
    });

  program
    .command('dev')
    .description('embedded dev stack: up | down | status | provision | env')
    .allowUnknownOption()
    .helpOption(false)
    .argument('[args...]')
    .action(async (args: string[]) => {
      process.exitCode = await devMain(args);
    });

  program
    .command('demo')
    .description('the main job: dev stack, workers, and a full run on the bundled Luhu archive')
    .action(async () => {
      await runDemo(out, { bars: process.stderr.isTTY === true });
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof CliError) {
      process.stderr.write(`seisdec: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`);
      return error.exitCode;
    }
    process.stderr.write(`seisdec: ${rootCauseMessage(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
