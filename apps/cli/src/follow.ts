/** The innermost cause of a Temporal failure chain: the message a person can act on. */
export function rootCauseMessage(error: unknown): string {
  let e = error as { cause?: unknown; message?: string } | undefined;
  while (e?.cause) e = e.cause as typeof e;
  return String(e?.message ?? error);
}
