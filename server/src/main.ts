import { setFlagsFromString } from 'node:v8';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config.js';
import { createApp } from './app.factory.js';
import { DataSource } from 'typeorm';
import { startupBanner } from './demo/banner.js';
import { Organization } from './organizations/organization.entity.js';
import { Logger } from '@nestjs/common';
import { HttpDrain } from './common/shutdown.js';
import { serializeError } from './common/error-serializer.js';
import { commonPasswordsFile } from './identities/password-policy.js';

// Peak memory (issue 17): under load the old generation fills with request objects that outlived two scavenges;
// with a cheap collection V8 lets it grow to ~3× the live set before a full GC (measured: 52 MB live, 166 MB used
// before the mark-compact; peak RSS 290–340 MB on the quick hand-off load). A heap growing factor of 1.5 collects
// earlier: peak RSS 190–210 MB, CPU per request within the run-to-run noise (bench/README.md). Not a limit: the
// heap still grows with what is live. A `--heap-growing-percent` given to node explicitly wins.
if (!process.execArgv.some((a) => a.startsWith('--heap-growing-percent')) && !/--heap-growing-percent/.test(process.env.NODE_OPTIONS ?? '')) setFlagsFromString('--heap-growing-percent=50');

let config: AppConfig;
try {
  config = loadConfig(process.env);
} catch (e) {
  if (e instanceof ConfigError) {
    process.stderr.write(`\n${e.message}\nFix the variable and start again (see README: Configuration).\n\n`);
    process.exit(1);
  }
  throw e;
}

// The files the server reads from the repository at run time must be where this build looks for them (a bundle or a
// copied dist that lost one fails here, not at the first password change).
commonPasswordsFile();

const app = await createApp(config);
const http = new HttpDrain(app.getHttpServer()); // tracks connections from the first one on
await app.listen(config.port, config.host);
const address = app.getHttpServer().address();
const port = typeof address === 'object' && address ? address.port : config.port;
// Without PUBLIC_URL, mailed links point at the port really listened on (PORT=0 picks a free one).
if (!config.publicUrlExplicit) config.publicUrl = `http://localhost:${port}`;
// The demo's hand-off example names the real Northwind id, so the printed curl works as it is.
const northwind = config.demoData ? await app.get(DataSource).getRepository(Organization).findOneBy({ name: 'Northwind Consulting' }) : null;
process.stdout.write(startupBanner(config, port, { northwindId: northwind?.id }) + '\n');

/**
 * Graceful shutdown on SIGTERM/SIGINT: accept the connections already queued, stop accepting, answer every request
 * already received, then close the database (Nest's shutdown hooks) and exit 0; forced after SHUTDOWN_TIMEOUT_SECONDS
 * (10). An unhandled rejection or uncaught exception is logged once and ends the process the same way, with exit
 * code 1: never silently, never mid-request.
 */
const logger = new Logger('Process');
let closing = false;
function shutdown(exitCode: number): void {
  if (closing) return;
  closing = true;
  const force = setTimeout(() => {
    process.stderr.write(`Shutdown took longer than ${config.shutdownTimeoutSeconds} s; exiting\n`);
    process.exit(1);
  }, config.shutdownTimeoutSeconds * 1000);
  force.unref();
  http
    // The backlog of connections made before the signal is served for at most half the shutdown budget.
    .drain({ acceptMaxMs: config.shutdownTimeoutSeconds * 500 })
    .then(() => app.close())
    .then(() => process.exit(exitCode))
    .catch((e: unknown) => {
      process.stderr.write(`Shutdown failed: ${serializeError(e).message}\n`);
      process.exit(1);
    });
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => shutdown(0));

let fatalLogged = false;
function fatal(kind: 'unhandledRejection' | 'uncaughtException', e: unknown): void {
  if (!fatalLogged) {
    fatalLogged = true;
    logger.fatal({ err: serializeError(e), kind }, `${kind}: shutting down`);
  }
  shutdown(1);
}
process.on('unhandledRejection', (reason) => fatal('unhandledRejection', reason));
process.on('uncaughtException', (err) => fatal('uncaughtException', err));
