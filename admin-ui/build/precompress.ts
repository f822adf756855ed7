import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin, ResolvedConfig } from 'vite';

const COMPRESSIBLE = /\.(js|css|svg|json|txt|map)$/;

/** Brotli (quality 11) and gzip (level 9) twins of every hashed asset: the server sends one per Accept-Encoding. */
export function compress(file: string): { br: number; gz: number; raw: number } {
  const data = readFileSync(file);
  const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } });
  const gz = gzipSync(data, { level: 9 });
  writeFileSync(`${file}.br`, br);
  writeFileSync(`${file}.gz`, gz);
  return { br: br.length, gz: gz.length, raw: data.length };
}

/** What a signed-out visit to the console downloads: index.html's entry script and the chunks it preloads. */
export function signedOutScripts(outDir: string): string[] {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/([^"]+\.js)"/g)].map((m) => m[1]);
  return [...new Set(refs)];
}

export function precompress(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'precompress',
    apply: 'build',
    configResolved(c) {
      config = c;
    },
    closeBundle() {
      const outDir = resolve(config.root, config.build.outDir);
      const assets = join(outDir, 'assets');
      const sizes = new Map<string, { br: number; gz: number; raw: number }>();
      for (const name of readdirSync(assets)) if (COMPRESSIBLE.test(name)) sizes.set(`assets/${name}`, compress(join(assets, name)));
      const scripts = signedOutScripts(outDir);
      const total = scripts.reduce((acc, s) => ({ br: acc.br + (sizes.get(s)?.br ?? 0), gz: acc.gz + (sizes.get(s)?.gz ?? 0), raw: acc.raw + (sizes.get(s)?.raw ?? 0) }), { br: 0, gz: 0, raw: 0 });
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
      console.log(`signed-out console JavaScript: ${kb(total.br)} brotli, ${kb(total.gz)} gzip, ${kb(total.raw)} raw (${scripts.join(', ')})`);
    },
  };
}
