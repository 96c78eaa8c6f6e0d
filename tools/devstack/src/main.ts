/**
 * `seisdec dev up|down|status|provision|env` — the embedded dev stack (real Temporal dev server +
 * real MinIO on loopback). Also reachable as `npm run dev:up` etc.
 */
import { parseArgs } from 'node:util';
import { SERVER_BINARIES } from './versions';
import { ensureBinary } from './provision';
import { describe as describeStack, down, status, up } from './stack';

const USAGE = `usage: seisdec dev <up|down|status|provision|env> [--profile NAME] [--json]
  up         build the servers if needed, start them, wait until healthy
             [--temporal-port N] [--temporal-ui-port N] [--minio-port N] [--minio-console-port N]
  down       stop both servers (data is kept; --purge deletes it)
  status     health of both servers (exit 1 when not healthy)
  provision  only build/cache the server binaries
  env        print the SEISDEC_* variables as shell exports`;

export async function devMain(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      profile: { type: 'string', default: process.env['SEISDEC_STACK_PROFILE'] ?? 'dev' },
      json: { type: 'boolean', default: false },
      purge: { type: 'boolean', default: false },
      'temporal-port': { type: 'string' },
      'temporal-ui-port': { type: 'string' },
      'minio-port': { type: 'string' },
      'minio-console-port': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0];
  const log = (m: string) => process.stderr.write(`[dev] ${m}\n`);
  const profile = values.profile;
  if (values.help || !command) {
    process.stdout.write(USAGE + '\n');
    return command || values.help ? 0 : 2;
  }
  switch (command) {
    case 'provision': {
      for (const spec of SERVER_BINARIES) process.stdout.write(`${spec.name} ${spec.version}: ${await ensureBinary(spec, log)}\n`);
      return 0;
    }
    case 'up': {
      const started = Date.now();
      const stack = await up({
        profile,
        temporalPort: portOption(values['temporal-port'], '--temporal-port'),
        temporalUiPort: portOption(values['temporal-ui-port'], '--temporal-ui-port'),
        minioPort: portOption(values['minio-port'], '--minio-port'),
        minioConsolePort: portOption(values['minio-console-port'], '--minio-console-port'),
        log,
      });
      if (values.json) {
        process.stdout.write(JSON.stringify({ ...stack.state, envFile: stack.envFile, started: stack.started }, null, 2) + '\n');
        return 0;
      }
      const s = stack.state;
      process.stdout.write(
        [
          `seisdec dev stack "${profile}" ${stack.started ? `started in ${((Date.now() - started) / 1000).toFixed(1)} s` : 'already running'}: healthy`,
          `  Temporal   ${s.temporal.address} (namespace ${s.temporal.namespace}, pid ${s.temporal.pid}, ${s.temporal.version})`,
          `  Temporal UI ${s.temporal.uiUrl}`,
          `  MinIO      http://${s.minio.endPoint}:${s.minio.port} (bucket ${s.minio.bucket}, pid ${s.minio.pid}), console ${s.minio.consoleUrl}`,
          `  env        source ${stack.envFile}`,
        ].join('\n') + '\n',
      );
      return 0;
    }
    case 'down': {
      const was = await down(profile, { purge: values.purge });
      process.stdout.write(was ? `stopped stack "${profile}"${values.purge ? ' and deleted its data' : ''}\n` : `stack "${profile}" was not running\n`);
      return 0;
    }
    case 'status': {
      const st = await status(profile);
      const healthy = st.temporal.healthy && st.minio.healthy;
      if (values.json) process.stdout.write(JSON.stringify(st, null, 2) + '\n');
      else if (!st.state) process.stdout.write(`stack "${profile}" is not running (start it with: npm run dev:up)\n`);
      else {
        const word = (ok: boolean, running: boolean) => (ok ? 'healthy' : running ? 'running, NOT healthy' : 'stopped');
        process.stdout.write(
          [
            `stack "${profile}":`,
            `  Temporal ${st.state.temporal.address}: ${word(st.temporal.healthy, st.temporal.running)}; UI ${st.state.temporal.uiUrl}: ${st.temporal.uiHealthy ? 'up' : 'down'}`,
            `  MinIO ${st.state.minio.endPoint}:${st.state.minio.port}: ${word(st.minio.healthy, st.minio.running)}`,
          ].join('\n') + '\n',
        );
      }
      return healthy ? 0 : 1;
    }
    case 'env': {
      const d = await describeStack(profile);
      if (!d) throw new Error(`stack "${profile}" has not been started; run: npm run dev:up`);
      process.stdout.write(Object.entries(d.env).map(([k, v]) => `export ${k}='${v}'`).join('\n') + '\n');
      return 0;
    }
    default:
      process.stderr.write(`unknown dev command "${command}"\n${USAGE}\n`);
      return 2;
  }
}

function portOption(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${flag}: expected a port number 1-65535, got ${JSON.stringify(value)}`);
  return port;
}

if (require.main === module) {
  devMain(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`error: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
