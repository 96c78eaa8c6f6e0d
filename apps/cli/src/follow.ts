import type { WorkflowHandle } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Progress } from '@seisdec/contracts';

/**
 * Waits for a workflow's result while printing its `progress` query whenever it changes
 * (`[stage] done/total`), so a person watching the terminal sees the run move.
 */
export async function followWorkflow<T>(handle: WorkflowHandle, write: (line: string) => void, intervalMs = 500): Promise<T> {
  let finished = false;
  const result = handle.result().finally(() => {
    finished = true;
  }) as Promise<T>;
  let last = '';
  const poll = (async () => {
    while (!finished) {
      try {
        const p = (await handle.query('progress')) as Progress;
        const line = `  [${p.stage}] ${p.done}/${p.total}`;
        if (line !== last) write(line);
        last = line;
      } catch {
        // not started yet, or already closed: the result settles the loop
      }
      await sleep(intervalMs);
    }
  })();
  try {
    return await result;
  } finally {
    await poll;
  }
}

/** The innermost cause of a Temporal failure chain: the message a person can act on. */
export function rootCauseMessage(error: unknown): string {
  let e = error as { cause?: unknown; message?: string } | undefined;
  while (e?.cause) e = e.cause as typeof e;
  return String(e?.message ?? error);
}
