/**
 * A small Dockerfile reader for static checks (no Docker engine on the build machines): instructions
 * with their arguments, line continuations joined, comments dropped, grouped into stages.
 */
export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  /** FROM image reference. */
  from: string;
  /** `AS name`, if given. */
  name?: string;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const instructions: Instruction[] = [];
  let pending = '';
  let startLine = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd();
    if (pending === '' && (line.trim() === '' || line.trim().startsWith('#'))) return;
    if (pending !== '' && line.trim().startsWith('#')) return;
    if (pending === '') startLine = index + 1;
    if (line.endsWith('\\')) {
      pending += line.slice(0, -1) + ' ';
      return;
    }
    const full = (pending + line).trim();
    pending = '';
    const space = full.search(/\s/);
    instructions.push({ keyword: (space < 0 ? full : full.slice(0, space)).toUpperCase(), args: space < 0 ? '' : full.slice(space + 1).trim(), line: startLine });
  });
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const match = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      if (!match) throw new Error(`line ${instruction.line}: cannot read FROM ${instruction.args}`);
      stages.push({ from: match[1]!, ...(match[2] ? { name: match[2] } : {}), instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword !== 'ARG') throw new Error(`line ${instruction.line}: ${instruction.keyword} before the first FROM`);
    } else {
      stages[stages.length - 1]!.instructions.push(instruction);
    }
  }
  return stages;
}

/** The policy for seisdec images; violation lines, empty when compliant. */
export function checkDockerfile(stages: Stage[]): string[] {
  const out: string[] = [];
  if (stages.length < 2) out.push('not multi-stage: build and runtime must be separate stages');
  const stageNames = new Set(stages.flatMap((s) => (s.name ? [s.name] : [])));
  for (const stage of stages) {
    if (stageNames.has(stage.from)) continue;
    if (stage.from.includes('$')) out.push(`FROM ${stage.from}: base images are written out, not taken from build arguments`);
    else if (!/@sha256:[0-9a-f]{64}$/.test(stage.from)) {
      const tag = stage.from.includes(':') ? stage.from.slice(stage.from.lastIndexOf(':') + 1) : undefined;
      if (!tag) out.push(`FROM ${stage.from}: no tag or digest`);
      else if (!/^\d+\.\d+\.\d+/.test(tag)) out.push(`FROM ${stage.from}: tag "${tag}" is not an exact version (major.minor.patch)`);
    }
  }
  const runtime = stages[stages.length - 1];
  if (!runtime) return out;
  const users = runtime.instructions.filter((i) => i.keyword === 'USER');
  const lastUser = users[users.length - 1]?.args;
  if (!lastUser) out.push('runtime stage has no USER: it would run as root');
  else if (!/^[1-9]\d*(:[1-9]\d*)?$/.test(lastUser)) out.push(`runtime USER ${lastUser}: use a numeric non-zero uid[:gid] so runAsNonRoot can verify it`);
  for (const run of runtime.instructions.filter((i) => i.keyword === 'RUN')) {
    if (/\bnpm (ci|install|i)\b/.test(run.args)) out.push(`line ${run.line}: installs npm packages in the runtime stage; install in a deps stage and copy node_modules`);
  }
  for (const stage of stages) {
    for (const run of stage.instructions.filter((i) => i.keyword === 'RUN')) {
      if (/\bnpm (ci|install)\b/.test(run.args) && stage !== stages[0] && !/--omit=dev/.test(run.args)) {
        out.push(`line ${run.line}: npm install for a runtime dependency stage without --omit=dev`);
      }
    }
  }
  if (!runtime.instructions.some((i) => i.keyword === 'ENTRYPOINT' || i.keyword === 'CMD')) out.push('runtime stage has no ENTRYPOINT/CMD');
  return out;
}

/** Stages whose output the runtime stage copies (`COPY --from=<stage>`). */
export function copiedStages(stage: Stage): string[] {
  return stage.instructions.flatMap((i) => (i.keyword === 'COPY' ? [/--from=(\S+)/.exec(i.args)?.[1]].filter((s): s is string => !!s) : []));
}
