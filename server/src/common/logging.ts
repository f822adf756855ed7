import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import pino from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import type { AppConfig } from '../config/app-config.js';
import { RequestContext } from './request-context.js';
import { serializeError } from './error-serializer.js';

/**
 * The one pino logger: JSON lines to standard output or LOG_FILE; headers that carry secrets are redacted, and an
 * error under `err` is written by serializeError (never a query's bind parameters).
 */
export function createLogger(config: Pick<AppConfig, 'logLevel' | 'logFile'>): pino.Logger {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    base: { app: 'access-desk' },
    serializers: { err: serializeError },
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'req.headers["x-portal-signature"]', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
  };
  return config.logFile ? pino(options, pino.destination({ dest: config.logFile, append: true, mkdir: true, sync: true })) : pino(options);
}

/** Request logs (pino-http): a line per answered request with the request id; the path only, never the query or a body. */
export function httpLogger(logger: pino.Logger): HttpLogger<IncomingMessage, ServerResponse> {
  return pinoHttp({
    logger,
    // app.factory sets req.id (and the X-Request-Id header) before pino-http runs
    genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? randomUUID(),
    serializers: {
      err: serializeError,
      // URLs can carry tokens (activation links): log the path only.
      req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0], remoteAddress: req.remoteAddress }),
    },
    autoLogging: { ignore: (req: IncomingMessage) => req.url === '/api/health' },
  });
}

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Nest's LoggerService on pino: `logger.error({ err, path }, 'message')` and `logger.log('message')` from a
 * `new Logger(context)` become one JSON line with `context` and, inside a request, its `reqId`.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: pino.Logger) {}

  private write(level: Level, message: unknown, params: unknown[]): void {
    const rest = [...params];
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const reqId = RequestContext.current()?.requestId;
    const fields: Record<string, unknown> = { ...(context ? { context } : {}), ...(reqId ? { reqId } : {}) };
    if (message instanceof Error) {
      this.pino[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      const msg = typeof rest[0] === 'string' ? (rest.shift() as string) : undefined;
      this.pino[level]({ ...fields, ...(message as Record<string, unknown>) }, msg);
    } else {
      if (level === 'error' && typeof rest[0] === 'string') fields.stack = rest.shift();
      this.pino[level](fields, String(message));
    }
  }

  log(message: unknown, ...params: unknown[]) {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]) {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]) {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]) {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]) {
    this.write('fatal', message, params);
  }
}
