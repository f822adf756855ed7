// Preloaded into a server process by test/shutdown.e2e-spec.ts (NODE_OPTIONS=--import): every request holds the
// event loop for SLOW_REQUEST_MS (default 40), as on a heavily loaded machine. Node accepts one queued connection per
// event-loop turn, so a backlog of fresh connections then takes a while to be accepted, deterministically.
import http from 'node:http';

const ms = Number(process.env.SLOW_REQUEST_MS ?? 40);
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, ...args) {
  if (event === 'request') {
    const until = Date.now() + ms;
    while (Date.now() < until);
  }
  return emit.call(this, event, ...args);
};
