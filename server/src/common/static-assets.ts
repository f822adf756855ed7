import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

/** Hashed build output (Vite's `assets/<name>-<hash>.<ext>`): its name changes with its content, so it is cached for good. */
const HASHED = /^\/assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** `br` or `gzip` per the request's Accept-Encoding (q=0 refuses), preferring brotli; null for neither. */
export function chooseEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  if (!acceptEncoding) return null;
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    q.set(name.trim(), qp ? Number(qp.slice(2)) || 0 : 1);
  }
  const ok = (name: string) => (q.get(name) ?? q.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return null;
}

/**
 * Serves the built SPA's files. Hashed assets: the precompressed `.br` / `.gz` twin written by the build (chosen by
 * Accept-Encoding, `Vary: Accept-Encoding`) with `Cache-Control: public, max-age=31536000, immutable`. Other files
 * (favicon) for an hour; HTML is never cached (index.html and connect.html are served elsewhere with `no-cache`).
 */
export function staticAssets(root: string) {
  const plain = express.static(root, {
    index: false,
    setHeaders(res, path) {
      const rel = path.slice(root.length).split(sep).join('/');
      res.setHeader('Cache-Control', HASHED.test(rel) ? IMMUTABLE : extname(path) === '.html' ? 'no-cache' : 'public, max-age=3600');
    },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !HASHED.test(req.path)) return void plain(req, res, next);
    const file = normalize(join(root, req.path));
    if (!file.startsWith(normalize(root) + sep) || !existsSync(file)) return void plain(req, res, next);
    res.setHeader('Vary', 'Accept-Encoding');
    const encoding = chooseEncoding(req.headers['accept-encoding']);
    const twin = encoding ? `${file}.${encoding === 'br' ? 'br' : 'gz'}` : null;
    if (!twin || !existsSync(twin)) return void plain(req, res, next);
    res.setHeader('Content-Encoding', encoding!);
    res.setHeader('Cache-Control', IMMUTABLE);
    res.type(extname(file));
    res.setHeader('Content-Length', String(statSync(twin).size));
    if (req.method === 'HEAD') return res.end();
    return res.sendFile(twin, { headers: { 'Content-Type': res.getHeader('Content-Type') as string }, cacheControl: false, lastModified: true, acceptRanges: false }, (err) => {
      if (err && !res.headersSent) next(err);
    });
  };
}
