import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import pino from 'pino';
import type { AppConfig } from '../config/app-config.js';

/** Structured request logs with a request id; headers that carry secrets and all bodies stay out. */
export function loggerOptions(config: Pick<AppConfig, 'logLevel' | 'logFile'>): Params {
  const stream = config.logFile ? pino.destination({ dest: config.logFile, append: true, mkdir: true, sync: true }) : undefined;
  return {
    pinoHttp: {
      level: config.logLevel,
      ...(stream ? { stream } : {}),
      // app.factory sets req.id (and the X-Request-Id header) before pino-http runs
      genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? randomUUID(),
      redact: {
        paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'req.headers["x-portal-signature"]', 'res.headers["set-cookie"]'],
        censor: '[redacted]',
      },
      serializers: {
        // URLs can carry tokens (activation links): log the path only.
        req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0], remoteAddress: req.remoteAddress }),
      },
      customProps: () => ({ app: 'access-desk' }),
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/api/health' },
    },
    exclude: [],
  };
}
