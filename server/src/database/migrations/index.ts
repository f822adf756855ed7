export { SQLITE_MIGRATIONS } from './sqlite/index.js';
export { POSTGRES_MIGRATIONS } from './postgres/index.js';
