import { loadConfig } from '../config/app-config.js';
import { createApp } from '../app.factory.js';
import { DemoSeeder } from '../demo/demo.seeder.js';

/** Empties the database and loads the demo data again. */
const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
const app = await createApp(config, { demoData: false });
await app.get(DemoSeeder).reset();
await app.close();
console.log('Demo data reloaded.');
