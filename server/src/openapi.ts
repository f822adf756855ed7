import type { OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata.js';
import { ACCESS_POLICY, policyKey } from '../../shared/access-policy.js';
import { CONNECT_COOKIE } from './connect/connect-request.guard.js';

/**
 * Makes the generated OpenAPI document say what the server does (issue 18): who may call each operation (the
 * security requirement comes from the authorization table, so it cannot drift from the guard), the error answers
 * each one can give, and the lengths, sizes, formats and patterns the validators enforce. `npm run lint:openapi`
 * (Spectral with the OWASP ruleset) checks the result.
 */

type Json = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const ERROR_BODY = { $ref: '#/components/schemas/ErrorBody' };
const errorAnswer = (description: string, headers?: Json) => ({ description, content: { 'application/json': { schema: ERROR_BODY } }, ...(headers ? { headers } : {}) });

export const SECURITY_SCHEMES = {
  staff_session: { type: 'apiKey', in: 'cookie', name: 'ad_session', description: 'Staff session (password, then the authenticator code: POST /api/auth/sign-in, /api/auth/sign-in/totp)' },
  csrf_token: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: "The session's CSRF token (from the sign-in answer or GET /api/auth/me); required on every state-changing staff request" },
  connect_session: { type: 'apiKey', in: 'cookie', name: CONNECT_COOKIE, description: 'Visma Connect session of an end user (after the password and a second factor or a one-time code)' },
  severa_session: { type: 'apiKey', in: 'cookie', name: 'severa_session', description: 'Severa session created by a successful portal hand-off' },
  portal_signature: { type: 'apiKey', in: 'header', name: 'X-Portal-Signature', description: "HMAC-SHA256 of the raw body with the portal connection's shared secret (hex)" },
};

const RATE_HEADERS = {
  'X-RateLimit-Limit': { description: 'Calls allowed per window from this address', schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 999_999_999 } },
  'X-RateLimit-Remaining': { description: 'Calls left in this window', schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 999_999_999 } },
  'X-RateLimit-Reset': { description: 'Seconds until the window ends', schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 999_999_999 } },
};
const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 999_999_999 } } };

const TAG_DESCRIPTIONS: Record<string, string> = {
  health: 'Liveness and database check',
  auth: 'Staff sign-in (password then authenticator), step-up, sign-out',
  staff: 'Staff members and their console roles',
  audit: 'The hash-chained audit log (read-only)',
  connect: 'Visma Connect, the end user side: sign-in with 2FA, one-time codes, enrolment, activation',
};

function setIfAbsent(responses: Json, status: string, value: Json) {
  if (!responses[status]) responses[status] = value;
  else if (!responses[status].content) responses[status] = { ...value, description: responses[status].description || value.description };
}

/** class-validator constraints → JSON schema keywords on the DTO schemas the document names after their classes. */
function applyValidatorConstraints(doc: OpenAPIObject): void {
  const schemas = (doc.components?.schemas ?? {}) as Json;
  const byTarget = (getMetadataStorage() as unknown as { validationMetadatas: Map<abstract new (...args: never[]) => unknown, ValidationMetadata[]> }).validationMetadatas;
  for (const [target, metas] of byTarget) {
    const schema = schemas[target.name];
    if (!schema?.properties) continue;
    // A class extending another carries its parent's rules too.
    const all = [...metas];
    for (let p = Object.getPrototypeOf(target); p && p !== Function.prototype; p = Object.getPrototypeOf(p)) all.push(...(byTarget.get(p) ?? []));
    for (const m of all) {
      const prop = schema.properties[m.propertyName];
      if (!prop) continue;
      const target = m.each && prop.items ? prop.items : prop;
      const c = m.constraints ?? [];
      switch (m.name) {
        case 'isLength':
          if (c[0] !== undefined) target.minLength = Math.max(target.minLength ?? 0, c[0]);
          if (c[1] !== undefined) target.maxLength = Math.min(target.maxLength ?? Infinity, c[1]);
          break;
        case 'maxLength':
          target.maxLength = Math.min(target.maxLength ?? Infinity, c[0]);
          break;
        case 'minLength':
          target.minLength = c[0];
          break;
        case 'arrayMaxSize':
          prop.maxItems = c[0];
          break;
        case 'arrayMinSize':
          prop.minItems = c[0];
          break;
        case 'isEmail':
          target.format = 'email';
          break;
        case 'isUuid':
          target.format = 'uuid';
          target.maxLength = Math.min(target.maxLength ?? Infinity, 36);
          break;
        case 'isIn':
          target.enum = c[0];
          break;
        case 'equals':
          target.enum = [c[0]];
          break;
        case 'matches':
          if (c[0] instanceof RegExp) {
            target.pattern = c[0].source;
            // a bounded pattern bounds the length too
            const bound = /\{(?:\d+,)?(\d+)\}\$$/.exec(c[0].source);
            if (bound && !target.maxLength && /^\^\[[^\]]+\]\{/.test(c[0].source)) target.maxLength = Number(bound[1]);
          }
          break;
        case 'min':
          target.minimum = c[0];
          break;
        case 'max':
          target.maximum = c[0];
          break;
      }
    }
  }
}

/** The rules of every validated property by name, for query parameters (they are documented without their DTO's name). */
function queryRuleIndex(): Map<string, ValidationMetadata[]> {
  const byTarget = (getMetadataStorage() as unknown as { validationMetadatas: Map<abstract new (...args: never[]) => unknown, ValidationMetadata[]> }).validationMetadatas;
  const out = new Map<string, ValidationMetadata[]>();
  for (const metas of byTarget.values()) for (const m of metas) out.set(m.propertyName, [...(out.get(m.propertyName) ?? []), m]);
  return out;
}

function constrainParameter(p: Json, rules: Map<string, ValidationMetadata[]>): void {
  const schema = (p.schema ??= { type: 'string' }) as Json;
  if (schema.type !== 'string' || schema.maxLength || schema.enum) return;
  if (p.in === 'path') {
    // IdPipe: ids are UUIDs or short slugs
    schema.maxLength = 64;
    schema.pattern = '^[A-Za-z0-9-]{1,64}$';
    return;
  }
  for (const m of rules.get(p.name) ?? []) {
    const c = m.constraints ?? [];
    if (m.name === 'isLength' && c[1] !== undefined) schema.maxLength = c[1];
    if (m.name === 'maxLength') schema.maxLength = c[0];
    if (m.name === 'isUuid') Object.assign(schema, { format: 'uuid', maxLength: 36 });
    if (m.name === 'isIn') schema.enum = c[0];
    if (m.name === 'matches' && c[0] instanceof RegExp) schema.pattern = c[0].source;
  }
}

function defaultSummary(method: string, path: string): string {
  const resource = path.replace(/^\/api\//, '').split('/')[0].replace(/-/g, ' ');
  if (method === 'get' && !/\{/.test(path)) return `Lists ${resource} (ra-data-simple-rest: range, sort, filter; filter {"id":[...]} fetches those rows)`;
  if (method === 'get' && /\{id\}$/.test(path)) return `One of the ${resource} by id`;
  return `${method.toUpperCase()} ${path}`;
}

/** Completes the document in place and returns it. */
export function completeOpenApi(doc: OpenAPIObject): OpenAPIObject {
  const queryRules = queryRuleIndex();
  doc.servers = [{ url: '/', description: 'This server (production, staging or a local development run: the document is served by the server it describes)', 'x-internal': false } as Json as { url: string }];
  doc.components = doc.components ?? {};
  doc.components.securitySchemes = { ...SECURITY_SCHEMES } as Json;
  doc.components.schemas = {
    ...(doc.components.schemas ?? {}),
    ErrorBody: {
      type: 'object',
      required: ['statusCode', 'code', 'message'],
      properties: {
        statusCode: { type: 'integer', format: 'int32', minimum: 400, maximum: 599 },
        code: { type: 'string', maxLength: 64, pattern: '^[A-Z_]+$', description: 'A domain error code (shared/errors.ts)' },
        message: { type: 'string', maxLength: 2000, description: 'For people; the code is for programs' },
        errors: { type: 'object', maxProperties: 100, additionalProperties: { type: 'string', maxLength: 2000 }, description: 'Field → what is wrong with it' },
      },
    },
  };
  applyValidatorConstraints(doc);
  // Request bodies are closed: the validation pipe refuses unknown fields (forbidNonWhitelisted).
  for (const item of Object.values(doc.paths)) {
    for (const method of METHODS) {
      const ref = (item as Json)[method]?.requestBody?.content?.['application/json']?.schema?.$ref as string | undefined;
      const schema = ref ? (doc.components.schemas as Json)[ref.split('/').pop()!] : undefined;
      if (schema?.properties) schema.additionalProperties = false;
    }
  }

  const tags = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    const routePath = path.replace(/\{(\w+)\}/g, ':$1');
    for (const method of METHODS) {
      const op = (item as Json)[method] as Json | undefined;
      if (!op) continue;
      const policy = ACCESS_POLICY[policyKey(method, routePath)];
      const responses = (op.responses ??= {}) as Json;
      const writes = method !== 'get' && method !== 'head';
      const hasInput = (op.parameters?.length ?? 0) > 0 || !!op.requestBody;
      (op.tags ?? []).forEach((t: string) => tags.add(t));
      if (!op.summary) op.summary = defaultSummary(method, path);
      if (!op.description) op.description = op.summary;
      for (const p of (op.parameters ?? []) as Json[]) constrainParameter(p, queryRules);

      // Who may call it. Operations that declared their own requirement (Connect session, portal signature) keep it.
      const staffRoute = !!policy && !policy.public;
      if (staffRoute) {
        op.security = [writes ? { staff_session: [], csrf_token: [] } : { staff_session: [] }];
        const roles = policy.roles.join(', ');
        op['x-roles'] = policy.roles;
        if (policy.stepUp) op['x-step-up'] = true;
        setIfAbsent(responses, '401', errorAnswer(`UNAUTHENTICATED: no live staff session${policy.stepUp ? '; STEP_UP_REQUIRED: confirm with a fresh authenticator code first (POST /api/auth/step-up)' : ''}`));
        setIfAbsent(responses, '403', errorAnswer(`FORBIDDEN: the role may not call this (allowed: ${roles})${writes ? '; CSRF_REQUIRED: missing or wrong X-CSRF-Token' : ''}`));
      } else if (!op.security) {
        // Public: anyone may call it (an explicit anonymous requirement).
        op.security = [{}];
      }
      const needsConnect = (op.security as Json[]).some((s) => 'connect_session' in s);
      if (needsConnect) {
        setIfAbsent(responses, '401', errorAnswer('CONNECT_SESSION_REQUIRED: no live Connect session'));
        setIfAbsent(responses, '409', errorAnswer('WRONG_STAGE: the session is at another step (GET /api/connect/me says which)'));
      }
      if (routePath.startsWith('/api/connect/') && writes) {
        setIfAbsent(responses, '403', errorAnswer('CSRF_REQUIRED: a cross-site request (Origin / Sec-Fetch-Site)'));
        setIfAbsent(responses, '415', errorAnswer('UNSUPPORTED_MEDIA_TYPE: the body must be application/json'));
      }
      if (/\/sign-in(\/|$)|\/recovery\/lost$|\/activation$|\/password-reset$|\/links\/inspect$|\/step-up$/.test(routePath)) {
        setIfAbsent(responses, '401', errorAnswer('INVALID_CREDENTIALS: the e-mail, password, code or link is not correct (one answer for every reason)'));
      }

      if (hasInput) setIfAbsent(responses, '400', errorAnswer('VALIDATION_FAILED or BAD_REQUEST: errors names each field'));
      if (/\{\w+\}/.test(path) || (staffRoute && op.parameters?.some((p: Json) => p.name === 'organizationId'))) {
        setIfAbsent(responses, '404', errorAnswer('NOT_FOUND: no such row, or outside your organizations'));
      }
      if (staffRoute && writes) setIfAbsent(responses, '409', errorAnswer('CONFLICT or a domain code: the row changed state, or the action does not fit its current state'));
      if (op.requestBody) setIfAbsent(responses, '413', errorAnswer('PAYLOAD_TOO_LARGE: the body exceeds BODY_LIMIT'));
      setIfAbsent(responses, '4XX', errorAnswer('Any other client error, with the same body'));
      setIfAbsent(responses, '500', errorAnswer('INTERNAL: an unexpected server error (the body carries no details; the request id is in X-Request-Id)'));

      // Routes that run the password KDF: refused with 503 when too many checks wait (common/kdf-gate.ts).
      if (op['x-password-kdf']) {
        setIfAbsent(responses, '503', errorAnswer('SERVER_BUSY: too many password checks at once on this server (KDF_CONCURRENCY, KDF_QUEUE, KDF_QUEUE_TIMEOUT_MS); not counted as a failed attempt', RETRY_AFTER));
      }

      // Per-address limits: 429 with Retry-After, and the throttler's headers on every answer.
      if (op['x-rate-limit']) {
        setIfAbsent(responses, '429', errorAnswer(`TOO_MANY_REQUESTS: rate limit "${op['x-rate-limit']}" (RATE_LIMITS)`, { ...RETRY_AFTER, ...RATE_HEADERS }));
        for (const [status, r] of Object.entries(responses) as [string, Json][]) {
          if (/^[24]/.test(status) && !('$ref' in r)) r.headers = { ...RATE_HEADERS, ...(r.headers ?? {}) };
        }
      } else if (responses['429']) {
        responses['429'] = { ...errorAnswer(responses['429'].description, RETRY_AFTER) };
      }
    }
  }
  doc.tags = [...tags].sort().map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? `${name[0].toUpperCase()}${name.slice(1).replace(/-/g, ' ')}` }));
  return doc;
}
