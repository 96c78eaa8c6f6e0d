/**
 * Jest global setup for projects whose tests need the real servers. It reuses a running stack when
 * SEISDEC_STACK_PROFILE names one (the test command starts a `ci` stack once for all projects),
 * otherwise starts a private stack for this Jest run and marks it for the teardown to stop.
 * Either way the tests see the stack through the same SEISDEC_* variables the workers read.
 */
import { describe as describeStack, status, up } from '../stack';

export default async function globalSetup(): Promise<void> {
  const shared = process.env['SEISDEC_STACK_PROFILE'];
  if (shared) {
    const st = await status(shared);
    const described = await describeStack(shared);
    if (!st.temporal.healthy || !st.minio.healthy || !described) {
      throw new Error(`SEISDEC_STACK_PROFILE=${shared} but that stack is not healthy; run: npm run dev:up -- --profile ${shared}`);
    }
    Object.assign(process.env, described.env);
    return;
  }
  const profile = `jest-${process.pid}`;
  const stack = await up({ profile, log: (m) => process.stderr.write(`[devstack] ${m}\n`) });
  Object.assign(process.env, stack.env, { SEISDEC_JEST_PRIVATE_STACK: profile });
}
