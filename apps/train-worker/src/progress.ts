import { CancelledFailure, Context } from '@temporalio/activity';

/**
 * Heartbeats and cancellation of the activity running this code, or no-ops when the code runs
 * outside an activity (the benchmark calls the activity functions directly).
 *
 * Long epochs on a big archive can outlast the heartbeat timeout, so besides the heartbeat at every
 * epoch or refresh (`report`), `tick` is called at every mini-batch read: it repeats the last
 * details at most every `intervalMs` (liveness) and throws a CancelledFailure as soon as the
 * activity is cancelled, so a cancelled training stops within one batch.
 */
export class ActivityProgress<D> {
  private readonly context: Context | undefined;
  private last: D | undefined;
  private lastSent = Date.now();

  private readonly intervalMs: number;

  constructor(maxIntervalMs = 10_000) {
    this.context = currentContext();
    // Liveness must beat well inside the activity's heartbeat timeout, whatever the workflow set it to.
    const timeoutMs = this.context?.info.heartbeatTimeoutMs;
    this.intervalMs = timeoutMs ? Math.min(maxIntervalMs, timeoutMs / 3) : maxIntervalMs;
    // A liveness heartbeat before this attempt's first report must not erase what the previous
    // attempt recorded (the server keeps only the latest details): repeat those until then.
    this.last = this.context?.info.heartbeatDetails as D | undefined;
  }

  /** Heartbeat details of the previous attempt of this activity, if it is a retry. */
  get previousDetails(): unknown {
    return this.context?.info.heartbeatDetails;
  }

  get attempt(): number {
    return this.context?.info.attempt ?? 1;
  }

  /** Sends `details` now and keeps them for the liveness heartbeats. */
  report(details: D): void {
    this.last = details;
    this.lastSent = Date.now();
    this.context?.heartbeat(details);
    this.throwIfCancelled();
  }

  /** Liveness heartbeat (throttled) and cancellation check; call it often. */
  tick(): void {
    this.throwIfCancelled();
    if (this.context !== undefined && Date.now() - this.lastSent >= this.intervalMs) {
      this.lastSent = Date.now();
      this.context.heartbeat(this.last);
    }
  }

  throwIfCancelled(): void {
    const signal = this.context?.cancellationSignal;
    if (signal?.aborted) {
      const reason: unknown = signal.reason;
      throw new CancelledFailure(`training stopped: activity cancelled (${reason instanceof Error ? reason.message : String(reason ?? 'CANCELLED')})`);
    }
  }
}

function currentContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined; // not inside an activity
  }
}
