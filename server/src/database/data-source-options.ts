import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { ENTITIES } from './entities.js';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from './migrations/index.js';

/** The one DataSource configuration: used by Nest, the migration scripts, the seeders and the tests. */
export function buildDataSourceOptions(config: Pick<AppConfig, 'database'>): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'migrations',
    logging: false,
  } as const;
  if (config.database.kind === 'postgres') {
    return { ...common, type: 'postgres', url: config.database.url, migrations: POSTGRES_MIGRATIONS, extra: { max: 10 } };
  }
  const path = config.database.path;
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: path,
    migrations: SQLITE_MIGRATIONS,
    // WAL: readers never block the writer. synchronous=NORMAL: in WAL mode a commit survives a process
    // crash (kill -9); only a power loss can drop the last transactions, never corrupt the file.
    enableWAL: true,
    timeout: 5000,
    prepareDatabase: (db: { pragma(s: string): unknown }) => {
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
    },
  };
}
