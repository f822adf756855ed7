import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

/** Process-wide: set once shutdown begins, so answers from then on close their connection (no keep-alive reuse). */
export const shutdownState = { closing: false };

interface ConnState {
  /** Requests received on this connection so far. */
  requests: number;
  /** Requests whose answer has not finished yet. */
  open: number;
  /** socket.bytesRead when the last answer finished: more than that means another request is arriving. */
  readAtIdle: number;
}

/**
 * Graceful HTTP shutdown for one server. Construct it before listening; `drain()` then
 * - keeps accepting until the listening socket's backlog is empty: connections the kernel completed before the
 *   signal wait there, and Node accepts one of them per event-loop turn, so on a busy server they come in slowly.
 *   Closing the listener earlier resets them (ECONNRESET) although their requests were sent before SIGTERM. The
 *   backlog counts as empty after `quietChecks` checks in a row (each after at least one poll of the listener) in
 *   which nothing was accepted; at most `acceptMaxMs`. Then the listener closes and new connections are refused;
 * - answers every request already received: from the signal on, each answer closes its connection (`Connection: close`);
 * - closes idle keep-alive connections after a short grace (a request on its way is read and answered), and a
 *   connection that has not sent a byte after `firstRequestMs` (Node's own `server.close()` would drop a fresh
 *   connection whose request has not been read yet as idle).
 */
export class HttpDrain {
  private readonly conns = new Map<Socket, ConnState>();
  /** Connections accepted so far (the backlog check watches it move). */
  private accepted = 0;

  constructor(private readonly server: Server) {
    server.on('connection', (socket: Socket) => {
      this.accepted++;
      this.conns.set(socket, { requests: 0, open: 0, readAtIdle: 0 });
      socket.once('close', () => this.conns.delete(socket));
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const st = this.conns.get(req.socket);
      if (!st) return;
      st.requests++;
      st.open++;
      res.once('close', () => {
        st.open--;
        st.readAtIdle = req.socket.bytesRead;
      });
    });
  }

  async drain(opts: { firstRequestMs?: number; keepAliveGraceMs?: number; checkMs?: number; quietChecks?: number; acceptMaxMs?: number } = {}): Promise<void> {
    const { firstRequestMs = 5000, keepAliveGraceMs = 300, checkMs = 25, quietChecks = 3, acceptMaxMs = 5000 } = opts;
    shutdownState.closing = true;
    await this.acceptBacklog(checkMs, quietChecks, acceptMaxMs);
    const started = Date.now();
    await new Promise<void>((resolve) => {
      const sweep = () => {
        for (const [socket, st] of this.conns) {
          // Bytes read beyond the last answer: a request is being received, it will be answered.
          if (st.open > 0 || socket.bytesRead > st.readAtIdle) continue;
          // Idle keep-alive connections go after a short grace (a request may be on its way), connections that never
          // sent a byte after firstRequestMs. end(), not destroy(): the last answer may still be in the socket's buffer.
          const waited = Date.now() - started;
          if ((st.requests > 0 && waited >= keepAliveGraceMs) || waited >= firstRequestMs) socket.end();
        }
      };
      const sweeper = setInterval(sweep, 50);
      sweeper.unref();
      // net.Server's close (not http's, which drops fresh connections as idle): stop listening, call back once
      // every connection has ended.
      NetServer.prototype.close.call(this.server, () => {
        clearInterval(sweeper);
        resolve();
      });
      sweep();
    });
  }

  /**
   * Waits until a few checks in a row saw no new connection. Between two timer callbacks the event loop polls at
   * least once, and a poll that finds the listener readable accepts a connection: a check with nothing accepted
   * means the backlog was empty at that poll.
   */
  private async acceptBacklog(checkMs: number, quietChecks: number, acceptMaxMs: number): Promise<void> {
    const started = Date.now();
    let seen = this.accepted;
    let quiet = 0;
    while (quiet < quietChecks && Date.now() - started < acceptMaxMs) {
      await new Promise((r) => setTimeout(r, checkMs));
      if (this.accepted === seen) quiet++;
      else {
        seen = this.accepted;
        quiet = 0;
      }
    }
  }
}
