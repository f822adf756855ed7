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
 * Graceful HTTP shutdown for one server. Call `track` right after listen; `drain()` then
 * - accepts the connections the kernel had already queued (two more event-loop turns), then closes the listener,
 *   so new connections are refused;
 * - answers every request already received: a busy connection closes after its answer (`Connection: close`);
 * - closes idle keep-alive connections after a short grace (a request on its way is read and answered), and a connection that has not sent a request yet after `firstRequestMs`
 *   (its request may still be in flight when the signal comes: Node's own `server.close()` would drop it as idle).
 */
export class HttpDrain {
  private readonly conns = new Map<Socket, ConnState>();

  constructor(private readonly server: Server) {
    server.on('connection', (socket: Socket) => {
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

  async drain(firstRequestMs = 5000, keepAliveGraceMs = 300, acceptGraceMs = 250): Promise<void> {
    shutdownState.closing = true;
    // Connections the kernel completed before the signal wait in the accept queue; closing the listener now would
    // reset them. Accept for a short moment more (under load the event loop may take a while to get to them).
    for (let i = 0; i < 2; i++) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, acceptGraceMs));
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
}
