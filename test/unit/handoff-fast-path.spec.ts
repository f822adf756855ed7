import 'reflect-metadata';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { UseGuards, UseInterceptors, Controller, Post, type CanActivate, type NestInterceptor } from '@nestjs/common';
import { handoffFastPathBlocker } from '../../server/src/sign-in/handoff-fast-path.js';
import { RateLimited } from '../../server/src/common/rate-limited.js';

class NoGuard implements CanActivate {
  canActivate() {
    return true;
  }
}
class NoInterceptor implements NestInterceptor {
  intercept(_c: never, next: { handle: () => never }) {
    return next.handle();
  }
}

describe('hand-off fast path applies only while Nest would add nothing', () => {
  it('applies to the hand-off route as it is', () => {
    assert.equal(handoffFastPathBlocker(), null);
  });

  it('switches off for a guard, an interceptor, a rate limit, a versioned controller or a non-public policy', () => {
    @Controller('x')
    class Plain {
      @Post(':portal/handoff') h() {}
      @Post('g') @UseGuards(NoGuard) g() {}
      @Post('i') @UseInterceptors(NoInterceptor) i() {}
      @Post('r') @RateLimited('handoff') r() {}
    }
    @Controller({ path: 'v', version: '2' })
    class Versioned {
      @Post() h() {}
    }
    // The handlers are metadata targets (handoffFastPathBlocker reads their decorators), never called.
    /* eslint-disable @typescript-eslint/unbound-method */
    assert.equal(handoffFastPathBlocker(Plain.prototype.h, Plain), null);
    assert.match(handoffFastPathBlocker(Plain.prototype.g, Plain)!, /__guards__/);
    assert.match(handoffFastPathBlocker(Plain.prototype.i, Plain)!, /__interceptors__/);
    assert.match(handoffFastPathBlocker(Plain.prototype.r, Plain)!, /rate-limit/);
    assert.match(handoffFastPathBlocker(Versioned.prototype.h, Versioned)!, /__version__/);
    assert.match(handoffFastPathBlocker(Plain.prototype.h, Plain, { public: false })!, /not public/);
    /* eslint-enable @typescript-eslint/unbound-method */
  });
});
