import { ConfigError, loadConfig } from './config/app-config.js';
import { createApp } from './app.factory.js';
import { DataSource } from 'typeorm';
import { startupBanner } from './demo/banner.js';
import { Organization } from './organizations/organization.entity.js';

let config;
try {
  config = loadConfig(process.env);
} catch (e) {
  if (e instanceof ConfigError) {
    process.stderr.write(`\n${e.message}\nFix the variable and start again (see README: Configuration).\n\n`);
    process.exit(1);
  }
  throw e;
}

const app = await createApp(config);
await app.listen(config.port, config.host);
const address = app.getHttpServer().address();
const port = typeof address === 'object' && address ? address.port : config.port;
// Without PUBLIC_URL, mailed links point at the port really listened on (PORT=0 picks a free one).
if (!config.publicUrlExplicit) config.publicUrl = `http://localhost:${port}`;
// The demo's hand-off example names the real Northwind id, so the printed curl works as it is.
const northwind = config.demoData ? await app.get(DataSource).getRepository(Organization).findOneBy({ name: 'Northwind Consulting' }) : null;
process.stdout.write(startupBanner(config, port, { northwindId: northwind?.id }) + '\n');

/** Graceful shutdown: stop accepting, let in-flight requests finish, close the database, exit 0. */
let closing = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    const force = setTimeout(() => {
      process.stderr.write('Shutdown took longer than 10 s; exiting\n');
      process.exit(1);
    }, 10_000);
    force.unref();
    app
      .close()
      .then(() => process.exit(0))
      .catch((e) => {
        process.stderr.write(`Shutdown failed: ${e}\n`);
        process.exit(1);
      });
  });
}
