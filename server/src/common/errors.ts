import { ErrorCode, type FieldError } from '../../../shared/errors.js';

export { ErrorCode };

/** A failure the API reports on purpose; the exception filter turns it into the JSON error body. */
export class DomainError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode | string,
    message: string,
    readonly errors?: Record<string, string>,
    readonly headers?: Record<string, string>,
    readonly details?: Record<string, FieldError>,
  ) {
    super(message);
  }

  static notFound(what = 'Resource'): DomainError {
    return new DomainError(404, ErrorCode.NOT_FOUND, `${what} not found`);
  }
  static badRequest(message: string, errors?: Record<string, string>): DomainError {
    return new DomainError(400, errors ? ErrorCode.VALIDATION_FAILED : ErrorCode.BAD_REQUEST, message, errors);
  }
  static invalid(field: string, problem: string, detail: FieldError = { code: 'invalid' }): DomainError {
    return new DomainError(400, ErrorCode.VALIDATION_FAILED, `Invalid ${field}: ${problem}`, { [field]: problem }, undefined, { [field]: detail });
  }
  static conflict(code: ErrorCode | string, message: string): DomainError {
    return new DomainError(409, code, message);
  }
  static forbidden(message = 'You may not do this'): DomainError {
    return new DomainError(403, ErrorCode.FORBIDDEN, message);
  }
  static unauthenticated(message = 'Sign in first'): DomainError {
    return new DomainError(401, ErrorCode.UNAUTHENTICATED, message);
  }
  static tooMany(message: string, retryAfterSeconds: number): DomainError {
    return new DomainError(429, ErrorCode.TOO_MANY_REQUESTS, message, undefined, { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) });
  }
}
