/**
 * Bundles one seisdec service (a worker or the CLI) into a single CommonJS file for its container
 * image, so the runtime stage needs neither tsx nor TypeScript sources (except the workflow
 * sources the orchestrator bundles itself at start, see WORKFLOW_RUNTIME_FILES).
 *
 *   tsx infra/src/bundle.ts <service> <outRoot>   e.g. tsx infra/src/bundle.ts ingest-worker /out
 *
 * writes `<outRoot>/apps/<service>/dist/main.js` (+ source map). The path is three directories
 * below `<outRoot>` on purpose: libs/worker-runtime finds the workspace root as `__dirname/../../..`
 * (written for libs/worker-runtime/src), and in a bundle `__dirname` is the bundle's directory, so
 * `<outRoot>` is where the orchestrator looks for `workflows/src/index.ts` and `tsconfig.base.json`.
 *
 * Every package listed in the root package.json `dependencies` stays external (the image installs
 * them with `npm ci --omit=dev`): Temporal's worker needs its files on disk (native core bridge,
 * webpack for the workflow bundle), tfjs loads native addons and .wasm files by path. Importing a
 * package that is *not* a runtime dependency (a devDependency, or an undeclared transitive one)
 * fails the build, because it would be missing from the image.
 */
import { build, type Metafile, type Plugin } from 'esbuild';
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Repository root (this file lives at infra/src). */
export const repoRoot = path.resolve(__dirname, '../..');

/** The container images seisdec ships, each built from `apps/<name>/src/<entry>`. */
export const SERVICES = {
  'orchestrator-worker': 'worker.ts',
  'ingest-worker': 'worker.ts',
  'featurise-worker': 'worker.ts',
  'train-worker': 'worker.ts',
  'cluster-worker': 'worker.ts',
  cli: 'main.ts',
} as const;
export type ServiceName = keyof typeof SERVICES;

/**
 * Files the orchestrator image must carry next to its bundle: Temporal bundles the workflows with
 * webpack when the worker starts (libs/worker-runtime workflowsPath + workflowBundlerOptions), from
 * these sources; workflows import only @seisdec/contracts (enforced by lint), which imports only zod.
 */
export const WORKFLOW_RUNTIME_FILES = ['tsconfig.base.json', 'workflows/src', 'libs/contracts/src'] as const;

/** Where the bundle of `service` lands under `outRoot`. */
export function bundlePath(service: ServiceName, outRoot: string): string {
  return path.join(outRoot, 'apps', service, 'dist', 'main.js');
}

export interface BundleResult {
  file: string;
  /** Runtime npm packages the bundle requires (external), sorted. */
  externals: string[];
  /** Workspace source files inside the bundle, relative to the repository root. */
  inputs: string[];
}

/** Bundles `entry` (default `apps/<service>/src/<entry>`) to `bundlePath(service, outRoot)`. */
export async function bundleService(service: ServiceName, outRoot: string, options: { entry?: string } = {}): Promise<BundleResult> {
  const entry = options.entry ?? path.join(repoRoot, 'apps', service, 'src', SERVICES[service]);
  const runtimeDeps = Object.keys(readPackageJson().dependencies ?? {});
  const file = bundlePath(service, outRoot);
  const result = await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    tsconfig: path.join(repoRoot, 'tsconfig.base.json'),
    external: runtimeDeps.flatMap((name) => [name, `${name}/*`]),
    plugins: [runtimeDependenciesOnly(runtimeDeps)],
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
  });
  return { file, externals: externalsOf(result.metafile), inputs: Object.keys(result.metafile.inputs).sort() };
}

function readPackageJson(): { dependencies?: Record<string, string>; devDependencies?: Record<string, string> } {
  return JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
}

/** npm package name of a bare import specifier (`@scope/name/sub` -> `@scope/name`). */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** Fails the build on a bare import that is neither a builtin, a workspace alias, nor a runtime dependency. */
function runtimeDependenciesOnly(runtimeDeps: string[]): Plugin {
  const allowed = new Set(runtimeDeps);
  const devDeps = new Set(Object.keys(readPackageJson().devDependencies ?? {}));
  return {
    name: 'runtime-dependencies-only',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (nodeBuiltins.has(args.path) || args.path.startsWith('@seisdec/')) return undefined;
        const name = packageNameOf(args.path);
        if (allowed.has(name)) return undefined;
        const why = devDeps.has(name) ? 'a devDependency' : 'not a dependency in package.json';
        return {
          errors: [{ text: `"${args.path}" is ${why}; runtime images install only "dependencies" (npm ci --omit=dev), imported from ${path.relative(repoRoot, args.importer)}` }],
        };
      });
    },
  };
}

function externalsOf(metafile: Metafile): string[] {
  const names = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) {
      if (imported.external && !nodeBuiltins.has(imported.path)) names.add(packageNameOf(imported.path));
    }
  }
  return [...names].sort();
}

function isServiceName(name: string | undefined): name is ServiceName {
  return name !== undefined && Object.hasOwn(SERVICES, name);
}

if (require.main === module) {
  const [service, outRoot] = process.argv.slice(2);
  if (!isServiceName(service) || !outRoot) {
    process.stderr.write(`usage: tsx infra/src/bundle.ts <${Object.keys(SERVICES).join('|')}> <outRoot>\n`);
    process.exit(2);
  }
  bundleService(service, path.resolve(outRoot)).then(
    (r) => process.stdout.write(`${path.relative(process.cwd(), r.file)}: ${r.inputs.length} workspace files, external: ${r.externals.join(' ')}\n`),
    (error: unknown) => {
      process.stderr.write(`bundle ${service}: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
