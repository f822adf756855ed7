import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ThrottlerException } from '@nestjs/throttler';
import { DomainError, ErrorCode } from './errors.js';
import type { ErrorBody } from '../../../shared/errors.js';
import { serializeError } from './error-serializer.js';

const STATUS_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.BAD_REQUEST,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: ErrorCode.TOO_MANY_REQUESTS,
};

/** The one place errors become HTTP answers: `{ statusCode, code, message, errors? }`, never a stack trace. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const { body, headers } = this.toBody(exception, req);
    this.logServerError(body.statusCode, exception, req?.path);
    if (res.headersSent) return;
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    res.status(body.statusCode).json(body);
  }

  /**
   * A 5xx is logged once, with the error serialized without a query's bind parameters. A deliberate one (a DomainError:
   * 503 SERVER_BUSY from the KDF gate, which warns by itself) is not an unhandled error.
   */
  logServerError(statusCode: number, exception: unknown, path: string | undefined): void {
    if (statusCode >= 500 && !(exception instanceof DomainError)) this.logger.error({ err: serializeError(exception), path }, 'Unhandled error');
  }

  toBody(exception: unknown, req?: Request): { body: ErrorBody; headers: Record<string, string> } {
    // Nest's Express adapter wraps errors of Express middleware in an HttpException whose message is the original's
    // (body-parser: JSON.parse's own text, "Expected … at position 22"): the answer is the original's, below.
    if (exception instanceof HttpException) {
      const cause = exception.cause as { type?: unknown; status?: unknown } | undefined;
      if (cause instanceof DomainError || (cause instanceof Error && typeof cause.type === 'string' && cause.status === exception.getStatus())) return this.toBody(cause, req);
    }
    if (exception instanceof DomainError) {
      const body: ErrorBody = { statusCode: exception.statusCode, code: exception.code, message: exception.message };
      if (exception.errors) body.errors = exception.errors;
      if (exception.errors || exception.details) body.details = { ...Object.fromEntries(Object.keys(exception.errors ?? {}).map((f) => [f, { code: 'invalid' as const }])), ...exception.details };
      return { body, headers: exception.headers ?? {} };
    }
    if (exception instanceof ThrottlerException) {
      return { body: { statusCode: 429, code: ErrorCode.TOO_MANY_REQUESTS, message: 'Too many requests. Wait a moment and try again.' }, headers: {} };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const resp = exception.getResponse();
      let message = exception.message;
      if (typeof resp === 'object' && resp && 'message' in resp) {
        const m = resp.message;
        message = Array.isArray(m) ? m.join('; ') : String(m);
      }
      if (status === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)/.test(message)) message = 'Not found';
      return { body: { statusCode: status, code: STATUS_CODES[status] ?? (status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST), message }, headers: {} };
    }
    // body-parser and other connect-style errors carry a status and a type
    const e = exception as { status?: number; statusCode?: number; type?: string } | null;
    const status = e?.status ?? e?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const message =
        e?.type === 'entity.too.large'
          ? 'Request body is too large'
          : e?.type === 'entity.parse.failed'
            ? 'Request body is not valid JSON'
            : e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported'
              ? 'Unsupported request encoding'
              : 'Bad request';
      return { body: { statusCode: status, code: STATUS_CODES[status] ?? ErrorCode.BAD_REQUEST, message }, headers: {} };
    }
    return { body: { statusCode: 500, code: ErrorCode.INTERNAL, message: 'Something went wrong on our side. It has been logged.' }, headers: {} };
  }
}
