import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, ErrorCode } from './errors.js';

/** At most this many fields are named in an error body (the rest are counted). */
export const MAX_FIELD_ERRORS = 20;

function collect(errors: ValidationError[], prefix = '', out: Record<string, string> = {}): Record<string, string> {
  for (const e of errors) {
    if (Object.keys(out).length >= MAX_FIELD_ERRORS) break;
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) {
      const msgs = Object.entries(e.constraints).map(([k, v]) => (k === 'whitelistValidation' ? 'is not an allowed field' : v));
      out[path] = msgs.join('; ');
    }
    if (e.children?.length) collect(e.children, path, out);
  }
  return out;
}

/** Validates DTOs; unknown fields are refused; every bad field is named in `errors`. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = collect(errors);
      const names = Object.keys(fields);
      const more = errors.length > names.length ? ` and ${errors.length - names.length} more` : '';
      return new DomainError(400, ErrorCode.VALIDATION_FAILED, names.length ? `Invalid input: ${names.join(', ')}${more}` : 'Invalid input', fields);
    },
  });
}
