import 'reflect-metadata';
import { RequestMethod } from '@nestjs/common';
import type { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import type { AppConfig } from './config/app-config.js';
import { AppModule } from './app.module.js';
import type { CoreOverrides } from './core.module.js';
import { createValidationPipe } from './common/validation.js';
import { AllExceptionsFilter } from './common/http-exception.filter.js';
import { RequestContext } from './common/request-context.js';
import { DomainError, ErrorCode } from './common/errors.js';
import { APP_VERSION } from './version.js';
import { DemoSeeder } from './demo/demo.seeder.js';
import { CONNECT_PAGE_PATHS } from './connect/connect-pages.controller.js';
import { staticAssets } from './common/static-assets.js';

/** Nest's start-up chatter (one line per module and route) stays out of the log; everything else goes to pino. */
const BOOT_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);
class QuietBootLogger implements LoggerService {
  constructor(private readonly inner: LoggerService) {}
  log(message: unknown, ...rest: unknown[]) {
    if (BOOT_CONTEXTS.has(String(rest[rest.length - 1]))) return;
    this.inner.log(message, ...rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.inner.error(message, ...rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.inner.warn(message, ...rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.inner.debug?.(message, ...rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.inner.verbose?.(message, ...rest);
  }
}

/** JSON nested deeper than any DTO needs is refused before validation walks it recursively. */
function rejectDeepBodies(maxDepth: number) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const stack: [unknown, number][] = [[req.body, 0]];
    while (stack.length) {
      const [v, d] = stack.pop()!;
      if (v === null || typeof v !== 'object') continue;
      if (d >= maxDepth) return next(new DomainError(400, ErrorCode.BAD_REQUEST, `Request body is nested deeper than ${maxDepth} levels`));
      for (const child of Object.values(v as object)) if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
    }
    next();
  };
}

export interface CreateAppOptions extends CoreOverrides {
  /** Load demo data into an empty database (default: config.demoData). */
  demoData?: boolean;
}

/** Builds the whole server (API, docs, SPA) and brings the database schema up to date. */
export async function createApp(config: AppConfig, opts: CreateAppOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, opts), { bufferLogs: true, rawBody: true, bodyParser: false });
  app.useLogger(new QuietBootLogger(app.get(Logger)));
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');

  app.use((req: Request, res: Response, next: NextFunction) => {
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(given) ? given : randomUUID();
    (req as Request & { id: string }).id = id;
    res.setHeader('X-Request-Id', id);
    // Server-Timing: the time the server spent on the request, as measured from here to the response headers.
    const started = process.hrtime.bigint();
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: Parameters<Response['writeHead']>) {
      if (!this.headersSent) this.setHeader('Server-Timing', `app;dur=${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(2)}`);
      return writeHead.apply(this, args);
    } as Response['writeHead'];
    RequestContext.run({ requestId: id, ip: req.ip ?? null }, next);
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'connect-src': ["'self'"],
          'upgrade-insecure-requests': null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  if (config.corsOrigins.length) app.enableCors({ origin: config.corsOrigins, credentials: true, exposedHeaders: ['Content-Range', 'X-Request-Id'] });
  app.useBodyParser('json', { limit: config.bodyLimit });
  app.useBodyParser('urlencoded', { limit: config.bodyLimit, extended: false });
  app.use(rejectDeepBodies(32));
  app.use(cookieParser());
  // End-user HTML pages live outside /api.
  app.setGlobalPrefix('api', { exclude: [{ path: 'severa', method: RequestMethod.GET }, { path: 'severa/sign-out', method: RequestMethod.POST }, ...CONNECT_PAGE_PATHS.map((path) => ({ path, method: RequestMethod.GET }))] });
  app.useGlobalPipes(createValidationPipe());

  const docConfig = new DocumentBuilder()
    .setTitle('Access Desk API')
    .setDescription('Support-desk console for Visma Severa sign-in trouble. Lists speak the ra-data-simple-rest protocol.')
    .setVersion(APP_VERSION)
    .addCookieAuth('ad_session')
    .build();
  const document = SwaggerModule.createDocument(app, docConfig);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });

  // The built SPA: static files, and index.html for client-side routes.
  const index = join(config.staticDir, 'index.html');
  app.use(staticAssets(config.staticDir));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && !/^\/(api|connect|severa)(\/|$)/.test(req.path) && existsSync(index)) {
      res.setHeader('Cache-Control', 'no-cache');
      return res.sendFile(index);
    }
    next();
  });

  await app.init();

  // Errors raised by express middleware (body parser: bad JSON, too large) get the same JSON body.
  const filter = new AllExceptionsFilter();
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const { body, headers } = filter.toBody(err);
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    res.status(body.statusCode).json(body);
  });

  const ds = app.get(DataSource);
  await ds.runMigrations({ transaction: 'each' });
  const seeder = app.get(DemoSeeder);
  await seeder.ensureReference();
  if (opts.demoData ?? config.demoData) await seeder.seedIfEmpty();
  return app;
}
