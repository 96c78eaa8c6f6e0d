import { down } from '../stack';

/** Stops (and deletes) the private stack the global setup started; a shared stack is left running. */
export default async function globalTeardown(): Promise<void> {
  const profile = process.env['SEISDEC_JEST_PRIVATE_STACK'];
  if (profile) await down(profile, { purge: true });
}
