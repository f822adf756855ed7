import type { NextFunction, Request, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * helmet's headers, computed once. helmet runs a chain of ~13 small middlewares per request; with these options
 * every one of them sets a fixed header (no nonces, nothing taken from the request), so the chain is run once at
 * start against a recording response and each request gets the recorded headers in one loop. If helmet ever did
 * something request-dependent (called next asynchronously, read the request, failed), the real helmet is used.
 */
export function securityHeaders(options: Readonly<HelmetOptions>) {
  const real = helmet(options);
  const set: [string, string | number | readonly string[]][] = [];
  const removed: string[] = [];
  let synchronous = false;
  let readRequest = false;
  const fakeReq = new Proxy({}, { get: () => ((readRequest = true), undefined) });
  const fakeRes = {
    setHeader: (k: string, v: string | number | readonly string[]) => void set.push([k, v]),
    removeHeader: (k: string) => void removed.push(k),
  };
  try {
    real(fakeReq as never, fakeRes as never, (err?: unknown) => {
      synchronous = !err;
    });
  } catch {
    synchronous = false;
  }
  if (!synchronous || readRequest || set.length === 0) return real;
  const headers = Object.freeze(set.slice());
  return function securityHeadersMiddleware(_req: Request, res: Response, next: NextFunction) {
    for (let i = 0; i < headers.length; i++) res.setHeader(headers[i][0], headers[i][1]);
    for (let i = 0; i < removed.length; i++) res.removeHeader(removed[i]);
    next();
  };
}
