/**
 * `seisdec` — command-line entry point.
 *   seisdec dev up|down|status|provision|env   the embedded dev stack (real Temporal + MinIO)
 *   seisdec demo                               the main job on the bundled Luhu archive
 */
import { devMain } from '@seisdec/devstack';
import { runDemo } from './demo';
import { rootCauseMessage } from './follow';

const USAGE = `usage: seisdec <command> [options]
  dev up|down|status|provision|env   embedded dev stack (real Temporal dev server + MinIO)
  demo                               run the pipeline on the bundled Luhu archive`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'dev':
      return devMain(rest);
    case 'demo':
      await runDemo((line) => process.stdout.write(line + '\n'));
      return 0;
    case undefined:
    case '-h':
    case '--help':
      process.stdout.write(USAGE + '\n');
      return command ? 0 : 2;
    default:
      process.stderr.write(`seisdec: unknown command "${command}"\n${USAGE}\n`);
      return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`seisdec: ${rootCauseMessage(error)}\n`);
      process.exit(1);
    },
  );
}
