import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig, type AppConfig } from '../config/app-config.js';
import { buildDataSourceOptions } from '../database/data-source-options.js';

/** The validated configuration; a bad variable ends the script with its message. */
export function loadScriptConfig(): AppConfig {
  try {
    return loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}

/** Configuration and a migrated DataSource for command-line scripts. */
export async function openDatabase(): Promise<{ config: AppConfig; ds: DataSource }> {
  const config = loadScriptConfig();
  const ds = new DataSource(buildDataSourceOptions(config));
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  return { config, ds };
}
