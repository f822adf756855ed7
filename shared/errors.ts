/** Every error the API returns carries one of these codes. */
export enum ErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  BAD_REQUEST = 'BAD_REQUEST',
  NOT_FOUND = 'NOT_FOUND',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  STEP_UP_REQUIRED = 'STEP_UP_REQUIRED',
  CSRF_REQUIRED = 'CSRF_REQUIRED',
  FORBIDDEN = 'FORBIDDEN',
  CONFLICT = 'CONFLICT',
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
  /** The password check is refused for now (too many at once on this server, KDF_QUEUE); not a failed attempt. 503 with Retry-After. */
  SERVER_BUSY = 'SERVER_BUSY',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  INTERNAL = 'INTERNAL',
  ADDON_ALREADY_ACTIVE = 'ADDON_ALREADY_ACTIVE',
  ORGANIZATION_LEFT_SEVERA = 'ORGANIZATION_LEFT_SEVERA',
  ADDON_ALREADY_INACTIVE = 'ADDON_ALREADY_INACTIVE',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  VERIFICATION_REQUIRED = 'VERIFICATION_REQUIRED',
  /** The ticket's latest verification was sufficient but is older than VERIFICATION_VALID_MINUTES: verify the caller again. */
  VERIFICATION_EXPIRED = 'VERIFICATION_EXPIRED',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  TICKET_CLOSED = 'TICKET_CLOSED',
  SELF_RECOVERY_FORBIDDEN = 'SELF_RECOVERY_FORBIDDEN',
  SECOND_PERSON_REQUIRED = 'SECOND_PERSON_REQUIRED',
  APPROVAL_PENDING = 'APPROVAL_PENDING',
  /** A dual-control request waited longer than APPROVAL_VALID_MINUTES: it can no longer be approved; request again. */
  APPROVAL_EXPIRED = 'APPROVAL_EXPIRED',
  ACCOUNT_LOCKED = 'ACCOUNT_LOCKED',
  LINK_EXPIRED = 'LINK_EXPIRED',
  LINK_INVALID = 'LINK_INVALID',
  IDENTITY_EXISTS = 'IDENTITY_EXISTS',
  WRONG_STAGE = 'WRONG_STAGE',
  CONNECT_SESSION_REQUIRED = 'CONNECT_SESSION_REQUIRED',
  CONNECTION_EXISTS = 'CONNECTION_EXISTS',
  INVITE_NOT_ALLOWED = 'INVITE_NOT_ALLOWED',
  /** A Connect security-settings change without a second factor proven in the last 5 minutes. */
  CONNECT_STEP_UP_REQUIRED = 'CONNECT_STEP_UP_REQUIRED',
  /** Removing this method would leave no way to sign in while the policy requires 2FA. */
  LAST_SECOND_FACTOR = 'LAST_SECOND_FACTOR',
  /** A passkey answered with a signature counter that did not move forward: the key may have been cloned. */
  PASSKEY_COUNTER_REPLAY = 'PASSKEY_COUNTER_REPLAY',
  // Visma Authenticator push (issue 14)
  NO_PUSH_DEVICE = 'NO_PUSH_DEVICE',
  PUSH_PAUSED = 'PUSH_PAUSED',
  PUSH_NOT_PENDING = 'PUSH_NOT_PENDING',
  DEVICE_SIGNATURE_INVALID = 'DEVICE_SIGNATURE_INVALID',
  NO_SEVERA_USER = 'NO_SEVERA_USER',
}

/** Why one field was refused, as a code the UI turns into a sentence (its catalog key `validation.<code>`). */
export type FieldErrorCode =
  | 'required'
  | 'email'
  | 'tooShort'
  | 'tooLong'
  | 'notAllowed'
  | 'oneOf'
  | 'format'
  | 'number'
  | 'tooSmall'
  | 'tooLarge'
  | 'notBoolean'
  | 'notDate'
  | 'invalid'
  | 'passwordTooShort'
  | 'passwordNoUppercase'
  | 'passwordNoSpecial'
  | 'passwordCommon'
  | 'passwordTooLong'
  | 'codeWrong'
  | 'codeExpired';

export interface FieldError {
  code: FieldErrorCode;
  /** e.g. `{ min: 8 }` for tooShort, `{ options: 'fi, sv' }` for oneOf. */
  params?: Record<string, string | number>;
  /** Every further rule the value breaks (passwords name them all). */
  more?: FieldError[];
}

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode | string;
  /** English, for logs and API clients; people read the UI's sentence for `code` / `details`. */
  message: string;
  /** field → English description (kept for API clients). */
  errors?: Record<string, string>;
  /** field → code and parameters, what the UIs translate. */
  details?: Record<string, FieldError>;
}
