/**
 * The production server as ONE ES module (dist/server/main.mjs), bundled with esbuild from tsc's output
 * (dist/server/src, where the decorator metadata Nest's dependency injection needs is already emitted).
 *
 * Why (issue 17, cold start): the unbundled server loads ~2,600 files from node_modules at start — resolution, file
 * reads and one compile per module were ~85 % of the time to the first 200. One file skips all of that.
 *
 * What stays outside the bundle and is loaded from node_modules as usual: native addons (better-sqlite3,
 * @node-rs/argon2), swagger-ui-dist (serves its files from its own folder), and the optional packages that Nest and
 * TypeORM probe with require() and that this server does not use. `require` inside the bundle is node:module's, so
 * those lookups behave as in the unbundled server. `npm run build:server` runs this after tsc; `npm start`, the
 * benchmark and test/server-bundle.e2e-spec.ts start the bundle.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

/** tsc's output folder (default dist); the bundle is <out>/server/main.mjs — one level below the repository, like dist. */
const out = process.argv[2] ?? 'dist';
const bundle = `${out}/server/main.mjs`;

const optionalNotUsed = [
  // Nest's optional transports and the pieces it probes for
  '@nestjs/microservices', '@nestjs/microservices/*', '@nestjs/websockets', '@nestjs/websockets/*', 'class-transformer/storage', '@fastify/*',
  // TypeORM's other drivers and their helpers
  'pg-native', 'pg-query-stream', 'mysql', 'mysql2', 'oracledb', 'sqlite3', 'sql.js', 'mssql', 'mongodb', 'redis', 'ioredis',
  'typeorm-aurora-data-api-driver', 'hdb-pool', '@sap/hana-client', '@google-cloud/spanner', 'react-native-sqlite-storage', '@sqltools/formatter',
];

await build({
  entryPoints: [`${out}/server/src/main.js`],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3', '@node-rs/argon2', 'swagger-ui-dist', ...optionalNotUsed],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  // Class and function names stay: Nest and TypeORM name providers, entities and log contexts after them (and stack
  // traces keep naming functions). Whitespace and syntax are minified: 11.6 → 7.9 MB to parse, ~0.1 s of a cold start.
  keepNames: true,
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});

// V8 keeps a source with even one non-ASCII character as a two-byte string: the loader's UTF-8 decode and the compile
// of the whole file then take the slow path (~0.1 s of a cold start). esbuild escapes non-ASCII characters except in
// regular-expression literals (validator's alphabets, an ANSI pattern); there a \uXXXX escape of each UTF-16 unit
// means exactly the same, so the bundle is written as pure ASCII.
const code = readFileSync(bundle, 'utf8');
writeFileSync(bundle, code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
