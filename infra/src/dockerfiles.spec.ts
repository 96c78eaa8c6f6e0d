import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { bundlePath, SERVICES, WORKFLOW_RUNTIME_FILES, type ServiceName } from './bundle';
import { checkDockerfile, copiedStages, parseDockerfile, type Stage } from './dockerfile';
import { repoRoot } from './render';

// No Docker engine on the build machines: the images are checked statically here, and the bundles
// they run are built and started for real in bundle.spec.ts.
const dockerDir = path.join(repoRoot, 'infra/docker');
const dockerfiles = readdirSync(dockerDir).filter((f) => f.endsWith('.Dockerfile')).sort();
const read = (file: string): Stage[] => parseDockerfile(readFileSync(path.join(dockerDir, file), 'utf8'));
const runtimeOf = (stages: Stage[]) => stages[stages.length - 1]!;
const entrypoint = (stage: Stage) => JSON.parse(stage.instructions.find((i) => i.keyword === 'ENTRYPOINT')!.args) as string[];

describe('Dockerfiles', () => {
  it('one per service, plus the GPU train worker', () => {
    expect(dockerfiles).toEqual([...Object.keys(SERVICES).map((s) => `${s}.Dockerfile`), 'train-worker-gpu.Dockerfile'].sort());
  });

  it.each(dockerfiles)('%s: multi-stage, exact base tags, numeric non-root USER, no npm in the runtime stage, --omit=dev', (file) => {
    expect(checkDockerfile(read(file))).toEqual([]);
  });

  it('all Node stages use one Node image, the same major as engines.node', () => {
    const nodeBases = new Set(dockerfiles.flatMap((f) => read(f).map((s) => s.from).filter((from) => from.startsWith('node:'))));
    expect([...nodeBases]).toEqual(['node:20.20.2-bookworm-slim']);
  });

  it.each(dockerfiles)('%s: the runtime copies only production node_modules and the bundle (no sources, no dev dependencies)', (file) => {
    const stages = read(file);
    const runtime = runtimeOf(stages);
    const service = file.replace('.Dockerfile', '').replace(/-gpu$/, '') as ServiceName;
    const fromBuild = runtime.instructions.filter((i) => i.keyword === 'COPY' && i.args.includes('--from=build')).map((i) => i.args.split(/\s+/).slice(-2));
    for (const [source] of fromBuild) expect([`/out/apps/${service}/dist`, '/usr/local/bin/node']).toContain(source);
    const deps = stages.find((s) => s.name === 'deps')!;
    expect(deps.instructions.find((i) => i.keyword === 'RUN')!.args).toMatch(/npm ci --omit=dev/);
    expect(copiedStages(runtime).every((s) => ['build', 'deps', 'tfjs-gpu'].includes(s))).toBe(true);
    // Plain COPY from the build context: only the orchestrator's workflow sources (bundled at start).
    const fromContext = runtime.instructions.filter((i) => i.keyword === 'COPY' && !i.args.includes('--from=')).map((i) => i.args.split(/\s+/)[0]);
    expect(fromContext).toEqual(service === 'orchestrator-worker' ? [...WORKFLOW_RUNTIME_FILES] : []);
  });

  it.each(dockerfiles)('%s: the entry point is the bundle infra/src/bundle.ts writes, three levels below WORKDIR', (file) => {
    const stages = read(file);
    const service = file.replace('.Dockerfile', '').replace(/-gpu$/, '') as ServiceName;
    const build = stages.find((s) => s.name === 'build')!;
    expect(build.instructions.map((i) => i.args)).toContain(`node_modules/.bin/tsx infra/src/bundle.ts ${service} /out`);
    const runtime = runtimeOf(stages);
    const workdir = runtime.instructions.filter((i) => i.keyword === 'WORKDIR').pop()!.args;
    expect(entrypoint(runtime)).toEqual(['node', '--enable-source-maps', path.relative(workdir, bundlePath(service, workdir))]);
  });

  it('the GPU image: CUDA runtime base with an exact tag, tfjs-node-gpu at the version of @tensorflow/tfjs in the root lock', () => {
    const stages = read('train-worker-gpu.Dockerfile');
    expect(runtimeOf(stages).from).toBe('nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04');
    const gpuPackage = JSON.parse(readFileSync(path.join(dockerDir, 'tfjs-node-gpu/package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const gpuLock = JSON.parse(readFileSync(path.join(dockerDir, 'tfjs-node-gpu/package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
    const rootLock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
    const tfjs = rootLock.packages['node_modules/@tensorflow/tfjs']!.version;
    expect(gpuPackage.dependencies['@tensorflow/tfjs-node-gpu']).toBe(tfjs);
    expect(gpuLock.packages['node_modules/@tensorflow/tfjs-node-gpu']!.version).toBe(tfjs);
    expect(gpuLock.packages['node_modules/@tensorflow/tfjs']!.version).toBe(tfjs);
    const env = runtimeOf(stages).instructions.filter((i) => i.keyword === 'ENV').map((i) => i.args).join(' ');
    expect(env).toContain('SEISDEC_TFJS_NODE_MODULES=/opt/tfjs-node-gpu/node_modules');
    expect(env).toContain('SEISDEC_TF_BACKEND=tensorflow');
  });
});

describe('the Dockerfile checks fail on wrong Dockerfiles', () => {
  it('single stage, moving tags, root user, npm install in the runtime stage', () => {
    const v = checkDockerfile(parseDockerfile('FROM node:latest\nRUN npm install\nCMD ["node", "x.js"]\n')).join('\n');
    expect(v).toContain('not multi-stage');
    expect(v).toContain('not an exact version');
    expect(v).toContain('no USER');
    expect(v).toContain('installs npm packages in the runtime stage');
  });

  it('untagged and ARG-templated bases, named and root users, dev dependencies in a deps stage', () => {
    const text = 'ARG BASE=node:20\nFROM ${BASE} AS build\nFROM node AS deps\nRUN npm ci\nFROM node:20.20.2-bookworm-slim\nUSER node\nENTRYPOINT ["node"]\n';
    const v = checkDockerfile(parseDockerfile(text)).join('\n');
    expect(v).toContain('not taken from build arguments');
    expect(v).toContain('FROM node: no tag or digest');
    expect(v).toContain('without --omit=dev');
    expect(v).toContain('use a numeric non-zero uid');
    expect(checkDockerfile(parseDockerfile('FROM node:20.20.2 AS b\nFROM node:20.20.2\nUSER 0\nCMD ["x"]\n')).join('\n')).toContain('numeric non-zero');
  });

  it('accepts digests and joins continuation lines', () => {
    const digest = `node@sha256:${'a'.repeat(64)}`;
    const stages = parseDockerfile(`FROM ${digest} AS build\nRUN echo a \\\n  && echo b\nFROM ${digest}\nUSER 1000:1000\nENTRYPOINT ["node"]\n`);
    expect(stages[0]!.instructions[0]!.args).toBe('echo a    && echo b');
    expect(checkDockerfile(stages)).toEqual([]);
  });
});
