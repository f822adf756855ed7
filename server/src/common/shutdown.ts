import type { Server } from 'node:http';
import { Server as NetServer } from 'node:net';

/** Process-wide: set once shutdown begins, so answers from then on close their connection (no keep-alive reuse). */
export const shutdownState = { closing: false };

/**
 * Stops accepting connections and resolves when every request already received has been answered:
 * - the listening socket closes at once (new connections are refused);
 * - connections already accepted are left alone for a moment, so a request that is still arriving is read and
 *   answered (Node's own `server.close()` would drop those as "idle" together with keep-alive connections);
 * - from then on idle connections are closed every 100 ms, and busy ones close after their answer (`Connection: close`).
 */
export function drainHttpServer(server: Server, graceMs = 300): Promise<void> {
  shutdownState.closing = true;
  return new Promise((resolve) => {
    let sweeper: NodeJS.Timeout | null = null;
    // net.Server's close: stop listening, call back once all connections have ended.
    NetServer.prototype.close.call(server, () => {
      if (sweeper) clearInterval(sweeper);
      resolve();
    });
    setTimeout(() => {
      server.closeIdleConnections();
      sweeper = setInterval(() => server.closeIdleConnections(), 100);
      sweeper.unref();
    }, graceMs).unref();
  });
}

/** A one-line description of an error for logs: class, code, message; never a query's bind parameters. */
export function describeError(e: unknown): { type: string; code?: string; message: string } {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return { type: e.name, ...(typeof code === 'string' ? { code } : {}), message: e.message.slice(0, 500) };
  }
  return { type: typeof e, message: String(e).slice(0, 500) };
}
