import { ValidationError, ValidationPipe } from '@nestjs/common';
import type { FieldError } from '../../../shared/errors.js';
import { DomainError, ErrorCode } from './errors.js';

/** At most this many fields are named in an error body (the rest are counted). */
export const MAX_FIELD_ERRORS = 20;

const firstNumber = (msg: string): number | undefined => {
  const m = /(\d+)/.exec(msg);
  return m ? Number(m[1]) : undefined;
};

/** class-validator's constraint (name, English message) → the code and parameters the UIs translate. */
function toFieldError(constraint: string, message: string, value: unknown): FieldError {
  const empty = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  switch (constraint) {
    case 'whitelistValidation':
      return { code: 'notAllowed' };
    case 'isDefined':
    case 'isNotEmpty':
      return { code: 'required' };
    case 'isEmail':
      return empty ? { code: 'required' } : { code: 'email' };
    case 'isLength':
    case 'minLength':
    case 'maxLength': {
      if (empty) return { code: 'required' };
      const n = firstNumber(message);
      const tooLong = constraint === 'maxLength' || /shorter/.test(message);
      return n === undefined ? { code: 'invalid' } : tooLong ? { code: 'tooLong', params: { max: n } } : { code: 'tooShort', params: { min: n } };
    }
    case 'isIn':
    case 'isEnum': {
      if (empty) return { code: 'required' };
      const options = /: (.*)$/.exec(message)?.[1];
      return options ? { code: 'oneOf', params: { options } } : { code: 'invalid' };
    }
    case 'matches':
      return empty ? { code: 'required' } : { code: 'format' };
    case 'isInt':
    case 'isNumber':
    case 'isNumberString':
      return empty ? { code: 'required' } : { code: 'number' };
    case 'min':
      return { code: 'tooSmall', params: { min: firstNumber(message) ?? 0 } };
    case 'max':
      return { code: 'tooLarge', params: { max: firstNumber(message) ?? 0 } };
    case 'isBoolean':
      return empty ? { code: 'required' } : { code: 'notBoolean' };
    case 'isDateString':
    case 'isISO8601':
    case 'isDate':
      return empty ? { code: 'required' } : { code: 'notDate' };
    case 'isString':
      return empty ? { code: 'required' } : { code: 'invalid' };
    default:
      return empty ? { code: 'required' } : { code: 'invalid' };
  }
}

interface Collected {
  errors: Record<string, string>;
  details: Record<string, FieldError>;
}

function collect(errors: ValidationError[], prefix = '', out: Collected = { errors: {}, details: {} }): Collected {
  for (const e of errors) {
    if (Object.keys(out.errors).length >= MAX_FIELD_ERRORS) break;
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) {
      const entries = Object.entries(e.constraints);
      out.errors[path] = entries.map(([k, v]) => (k === 'whitelistValidation' ? 'is not an allowed field' : v)).join('; ');
      // The first constraint class-validator reports is the one people should fix first ("required" before "too short").
      const fieldErrors = entries.map(([k, v]) => toFieldError(k, v, e.value));
      const required = fieldErrors.find((f) => f.code === 'required');
      out.details[path] = required ?? fieldErrors[0];
    }
    if (e.children?.length) collect(e.children, path, out);
  }
  return out;
}

/** Validates DTOs; unknown fields are refused; every bad field is named in `errors` (English) and `details` (codes). */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    // `value` stays on the error objects only to tell "missing" from "wrong"; it never reaches the response or logs.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => {
      const { errors: fields, details } = collect(errors);
      const names = Object.keys(fields);
      const more = errors.length > names.length ? ` and ${errors.length - names.length} more` : '';
      return new DomainError(400, ErrorCode.VALIDATION_FAILED, names.length ? `Invalid input: ${names.join(', ')}${more}` : 'Invalid input', fields, undefined, details);
    },
  });
}
