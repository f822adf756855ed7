import { createServer as createHttpServer, IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';

type RequestClass = typeof IncomingMessage;
type ResponseClass = typeof ServerResponse<InstanceType<typeof IncomingMessage>>;

/**
 * The request and response classes the HTTP server constructs, born with the Express app's prototypes
 * (`app.request`, `app.response`).
 *
 * Express re-parents every request and response at run time (`Object.setPrototypeOf(req, app.request)` in
 * `app.handle`, again in its `expressInit` middleware). In V8 that costs far more than the call: measured with
 * `--trace-gc-nvp` on a bare Express app under a sequential keep-alive client, ~28 % of everything allocated
 * survived each scavenge and was promoted (~2.6 MB per scavenge), scavenges took 7 ms on average (16 ms at worst)
 * and the old generation filled up to a mark-compact every ~2,000 requests; the same app with these classes
 * promoted ~13 KB per scavenge, 0.6 ms each, no mark-compact (bench/README.md, "seventh round"). With the prototype
 * already the one Express sets, its `setPrototypeOf` calls change nothing.
 */
export function expressHttpClasses(app: Pick<Express, 'request' | 'response'>): { IncomingMessage: RequestClass; ServerResponse: ResponseClass } {
  // Node's IncomingMessage and ServerResponse are plain constructor functions (callable with `call`), so a
  // constructor whose prototype is Express's builds the same object Node would, under Express's prototype.
  function ExpressRequest(this: IncomingMessage, ...args: ConstructorParameters<RequestClass>) {
    (IncomingMessage as unknown as (this: IncomingMessage, ...a: typeof args) => void).call(this, ...args);
  }
  ExpressRequest.prototype = app.request;
  function ExpressResponse(this: ServerResponse, ...args: ConstructorParameters<ResponseClass>) {
    (ServerResponse as unknown as (this: ServerResponse, ...a: typeof args) => void).call(this, ...args);
  }
  ExpressResponse.prototype = app.response;
  return { IncomingMessage: ExpressRequest as unknown as RequestClass, ServerResponse: ExpressResponse as unknown as ResponseClass };
}

/** Nest's Express adapter whose HTTP(S) server constructs requests and responses with Express's prototypes. */
export class LeanExpressAdapter extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    // Nest's options that add behaviour to the server it creates keep Nest's own server (none is used here).
    if (options?.return503OnClosing || options?.forceCloseConnections) return super.initHttpServer(options);
    const app = this.getInstance<Express>();
    const classes = expressHttpClasses(app);
    this.httpServer = options?.httpsOptions ? createHttpsServer({ ...options.httpsOptions, ...classes }, app) : createHttpServer(classes, app);
  }
}
