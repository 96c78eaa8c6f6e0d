import type { WorkflowHandle } from '@temporalio/client';
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ReprocessProgress } from '@seisdec/contracts';

export interface ProgressView {
  update(progress: ReprocessProgress): void;
  stop(): void;
}

/** One bar per stage on a terminal. */
export function barsView(stream: NodeJS.WriteStream = process.stderr): ProgressView {
  const multi = new MultiBar(
    { format: ' {stage} |{bar}| {value}/{total} {detail}', hideCursor: true, clearOnComplete: false, stream, autopadding: true },
    Presets.shades_classic,
  );
  const bars = new Map<string, SingleBar>();
  return {
    update(p) {
      const bar = bars.get(p.stage) ?? bars.set(p.stage, multi.create(Math.max(p.total, 1), 0, { stage: p.stage.padEnd(13), detail: '' })).get(p.stage)!;
      bar.setTotal(Math.max(p.total, 1));
      bar.update(p.done, { detail: p.detail ?? '' });
      for (const [stage, other] of bars) if (stage !== p.stage) other.update(other.getTotal());
    },
    stop() {
      multi.stop();
    },
  };
}

/** Shows nothing (`--json`: the result is the only output). */
export const silentView: ProgressView = { update: () => undefined, stop: () => undefined };

/** A line per change, for logs and pipes (`[featurise] 12/30`). */
export function linesView(write: (line: string) => void): ProgressView {
  let last = '';
  return {
    update(p) {
      const line = `  [${p.stage}] ${p.done}/${p.total}${p.detail ? ` (${p.detail})` : ''}`;
      if (line !== last) write(line);
      last = line;
    },
    stop: () => undefined,
  };
}

/** Waits for the workflow's result while feeding its `progress` query to the view. */
export async function followRun<T>(handle: WorkflowHandle, view: ProgressView, intervalMs = 1_000): Promise<T> {
  let finished = false;
  const result = handle.result().finally(() => {
    finished = true;
  }) as Promise<T>;
  const poll = (async () => {
    while (!finished) {
      try {
        view.update((await handle.query('progress')) as ReprocessProgress);
      } catch {
        // not yet started, or closed meanwhile: the result settles the loop
      }
      await sleep(intervalMs);
    }
  })();
  try {
    const value = await result;
    try {
      view.update((await handle.query('progress')) as ReprocessProgress);
    } catch {
      // a closed workflow may not answer queries without a worker; the result is what matters
    }
    return value;
  } finally {
    await poll;
    view.stop();
  }
}
