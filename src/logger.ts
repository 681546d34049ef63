import { pino, type Logger } from 'pino';
import type { Config } from './config.js';
import { serializeRequestForLog } from './web/request-log.js';

/**
 * The one logger of a server process: JSON lines on stdout, for journald or any collector.
 * Created before the app, so the start (waiting for the database, checking the key) and the
 * requests log the same way.
 */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: { write(line: string): void }): Logger {
  const options = { level: config.logLevel, serializers: { req: serializeRequestForLog } };
  return destination ? pino(options, destination) : pino(options);
}
