import pino, { type Logger } from 'pino';

/** JSON logs on stdout (one object per line), level from SEISDEC_LOG_LEVEL. */
export function createLogger(service: string, level = process.env['SEISDEC_LOG_LEVEL'] ?? 'info'): Logger {
  return pino({ name: service, level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime });
}
export type { Logger };
