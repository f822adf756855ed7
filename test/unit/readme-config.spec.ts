import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (n === 'node_modules' || n === 'artifacts' || n.startsWith('.')) return [];
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(n) ? [p] : [];
  });
}

/** Every environment variable a file reads: `env.X`, `env['X']`, `process.env.X`, and the config helpers' `(env, 'X'`. */
function variablesRead(dirs: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of dirs.flatMap((d) => files(join(ROOT, d)))) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]+)|\[['"]([A-Z][A-Z0-9_]+)['"]\])|\w+\(env, '([A-Z][A-Z0-9_]+)'/g)) {
      const name = m[1] ?? m[2] ?? m[3];
      if (name !== 'NODE_OPTIONS' && !out.has(name)) out.set(name, f.slice(ROOT.length));
    }
  }
  return out;
}

describe('README documents every environment variable the code reads', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  it('the server and scripts: each has a row in the Configuration table', () => {
    const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## The desk'));
    const read = variablesRead(['server/src', 'shared']);
    assert.ok(read.has('SUPPORT_ADDRESS') && read.has('INBOUND_SMTP_PORT') && read.has('DATABASE_URL'), 'the scan finds the config reads');
    const missing = [...read].filter(([name]) => !table.includes(`| \`${name}\` |`)).map(([name, file]) => `${name} (${file})`);
    assert.deepEqual(missing, []);
  });

  it('the test suite: each is named in the Tests section', () => {
    const tests = readme.slice(readme.indexOf('## Tests'), readme.indexOf('## Languages'));
    const missing = [...variablesRead(['test'])].filter(([name]) => !tests.includes(`\`${name}\``)).map(([name, file]) => `${name} (${file})`);
    assert.deepEqual(missing, []);
  });

  it('inbound mail: the set-up names SUPPORT_ADDRESS next to INBOUND_SMTP_PORT', () => {
    const inbound = readme.slice(readme.indexOf('### Tickets from e-mail'), readme.indexOf('### The mailbox'));
    assert.match(inbound, /`INBOUND_SMTP_PORT`[^]*`SUPPORT_ADDRESS`/);
  });
});
