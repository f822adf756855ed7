import 'reflect-metadata';
import { RequestMethod } from '@nestjs/common';
import type { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, httpLogger, PinoNestLogger } from './common/logging.js';
import { DataSource } from 'typeorm';
import type { AppConfig } from './config/app-config.js';
import { AppModule } from './app.module.js';
import type { CoreOverrides } from './core.module.js';
import { createValidationPipe } from './common/validation.js';
import { bodyMiddleware, middlewareErrorHandler, requestStart, SECURITY_HEADER_OPTIONS, securityHeaders } from './common/request-pipeline.js';
import { type ExpressLike, frontDoorService, handoffFrontDoor, installFrontDoor } from './sign-in/handoff-front-door.js';
import { HandoffService } from './sign-in/handoff.service.js';
import { APP_VERSION } from './version.js';
import { completeOpenApi } from './openapi.js';
import { DemoSeeder } from './demo/demo.seeder.js';
import { CONNECT_PAGE_PATHS } from './connect/connect-pages.controller.js';
import { SecretBox } from './common/crypto.js';
import { resealLegacyValues } from './common/sealed-columns.js';
import { runOneTimeSteps, type OneTimeStep } from './common/one-time-steps.js';
import { Clock } from './common/clock.js';
import { OutboxService } from './notifications/outbox.service.js';
import { AuditService } from './audit/audit.service.js';
import { staticAssets } from './common/static-assets.js';
import { weakEtag } from './common/etag.js';
import { LeanExpressAdapter } from './common/express-adapter.js';

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
  fatal(message: unknown, ...rest: unknown[]) {
    (this.inner.fatal ?? this.inner.error).call(this.inner, message, ...rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.inner.debug?.(message, ...rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.inner.verbose?.(message, ...rest);
  }
}

export interface CreateAppOptions extends CoreOverrides {
  /** Load demo data into an empty database (default: config.demoData). */
  demoData?: boolean;
}

/** Builds the whole server (API, docs, SPA) and brings the database schema up to date. */
export async function createApp(config: AppConfig, opts: CreateAppOptions = {}): Promise<NestExpressApplication> {
  const logger = createLogger(config);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, opts), new LeanExpressAdapter(), { bufferLogs: true, rawBody: true, bodyParser: false });
  app.useLogger(new QuietBootLogger(new PinoNestLogger(logger)));
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.set('etag', weakEtag);

  // The common middleware, in this order. The hand-off front door (installed in front of Express's request listener
  // below) runs the same instances for its one route (minus CORS: with CORS origins configured it is not installed
  // and the hand-off takes the normal pipeline).
  // pino-http writes its one line per request at 'info' (no custom level) and nothing reads req.log: below 'info' (the
  // bench and quiet production run at 'warn') it would build a child logger and listeners per request and write
  // nothing, so it is not registered. Errors are logged by the exception filter at any level.
  const requestLogs = logger.isLevelEnabled('info') ? [httpLogger(logger)] : [];
  const headers = securityHeaders(SECURITY_HEADER_OPTIONS);
  const body = bodyMiddleware(config);
  const cookies = cookieParser();
  app.use(requestStart);
  for (const mw of requestLogs) app.use(mw);
  app.use(headers);
  if (config.corsOrigins.length) app.enableCors({ origin: config.corsOrigins, credentials: true, exposedHeaders: ['Content-Range', 'X-Request-Id'] });
  for (const mw of body) app.use(mw);
  app.use(cookies);
  // End-user HTML pages live outside /api.
  app.setGlobalPrefix('api', { exclude: [{ path: 'severa', method: RequestMethod.GET }, { path: 'severa/sign-out', method: RequestMethod.POST }, { path: 'severa/sign-in', method: RequestMethod.GET }, { path: 'severa/sign-in', method: RequestMethod.POST }, { path: 'mailbox', method: RequestMethod.GET }, ...CONNECT_PAGE_PATHS.map((path) => ({ path, method: RequestMethod.GET }))] });
  app.useGlobalPipes(createValidationPipe());

  const docConfig = new DocumentBuilder()
    .setTitle('Access Desk API')
    .setDescription('Support-desk console for Visma Severa sign-in trouble. Lists speak the ra-data-simple-rest protocol.')
    .setVersion(APP_VERSION)
    .build();
  // The document is built by the first request for it (it walks every route and DTO: ~5 % of a cold start).
  SwaggerModule.setup('api/docs', app, () => completeOpenApi(SwaggerModule.createDocument(app, docConfig)), { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });

  // The built SPA: static files, and index.html for client-side routes.
  const index = join(config.staticDir, 'index.html');
  // No file lives under /api/: API requests skip the static files (their stat of the disk, ~0.2 ms per request).
  const assets = staticAssets(config.staticDir);
  app.use((req: Request, res: Response, next: NextFunction) => (req.path.startsWith('/api/') ? next() : assets(req, res, next)));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && !/^\/(api|connect|severa|mailbox)(\/|$)/.test(req.path) && existsSync(index)) {
      res.setHeader('Cache-Control', 'no-cache');
      return res.sendFile(index);
    }
    next();
  });

  await app.init();

  // Errors raised by express middleware (body parser: bad JSON, too large) get the same JSON body.
  app.use(middlewareErrorHandler());
  if (!config.corsOrigins.length) {
    const ex = app.getHttpAdapter().getInstance() as unknown as ExpressLike & { router: { stack: { handle: (...a: never[]) => void }[] } };
    let errorHandlers: ((...a: never[]) => void)[] | undefined;
    // The request log as registered above. Cookies: nothing on this route reads them (service + answer; errors neither).
    installFrontDoor(app.getHttpServer(), handoffFrontDoor({ start: requestStart, middleware: [...requestLogs, headers, ...body], service: frontDoorService(() => app.get(HandoffService, { strict: false })), express: ex, errorHandlers: () => (errorHandlers ??= ex.router.stack.map((l) => l.handle).filter((h) => h.length === 4)) as never }));
  }

  const ds = app.get(DataSource);
  await ds.runMigrations({ transaction: 'each' });
  const clock = app.get(Clock);
  await runOneTimeSteps(ds, legacyPasses(app, ds, logger), () => clock.now());
  const seeder = app.get(DemoSeeder);
  await seeder.ensureReference();
  if (opts.demoData ?? config.demoData) await seeder.seedIfEmpty();
  return app;
}

/**
 * Data passes for databases written by older versions, each run once per database after the migrations and then
 * recorded (common/one-time-steps.ts), instead of scanning every sealed column and the outbox at every start.
 * Names are stable: a new pass gets a new name.
 */
export function legacyPasses(app: NestExpressApplication, ds: DataSource, logger: ReturnType<typeof createLogger>): OneTimeStep[] {
  return [
    {
      // Values sealed before they were bound to their place (v1) are re-sealed as v2, in one transaction.
      name: 'reseal-legacy-values',
      run: async () => {
        const changed = await resealLegacyValues(ds, app.get(SecretBox));
        if (changed) logger.info({ context: 'Keys' }, `Re-sealed ${changed} stored secrets in the v2 format (bound to table:column:row-id)`);
        return { done: true, changed };
      },
    },
    {
      // An unkeyed (plain SHA-256) chain is re-hashed under AUDIT_KEY; a broken one is left alone and tried again next start.
      name: 'rekey-legacy-audit-chain',
      run: async () => {
        const r = await app.get(AuditService).rekeyLegacyChain();
        if (r && 'rekeyed' in r) logger.info({ context: 'Audit' }, `Re-keyed the audit chain under AUDIT_KEY: ${r.rekeyed} events`);
        return r && 'broken' in r ? { done: false, changed: 0 } : { done: true, changed: r?.rekeyed ?? 0 };
      },
    },
    {
      // Outbox rows from before bodies were sealed: still-to-send bodies sealed, the stored text redacted.
      name: 'seal-legacy-outbox-bodies',
      run: async () => {
        const changed = await app.get(OutboxService).sealLegacyBodies();
        if (changed) logger.info({ context: 'Outbox' }, `Sealed or redacted ${changed} outbox bodies written before bodies were sealed`);
        return { done: true, changed };
      },
    },
  ];
}
