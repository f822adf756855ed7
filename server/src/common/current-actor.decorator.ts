import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Actor } from './request-context.js';
import { DomainError } from './errors.js';

/** The signed-in staff member, resolved by the access guard. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<{ actor?: Actor }>();
  if (!req.actor) throw DomainError.unauthenticated();
  return req.actor;
});
