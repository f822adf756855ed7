import { openDatabase } from './script-context.js';

const { ds } = await openDatabase();
const applied = await ds.query<{ name: string }[]>(`SELECT name FROM migrations ORDER BY id`);
console.log(`Schema is up to date (${applied.length} migrations applied).`);
await ds.destroy();
