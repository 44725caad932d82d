/**
 * The one error type. `code` is stable (tests and the API read it), `message` is an i18n key or
 * a plain sentence, `field` points at the form field or JSON property at fault.
 */
export type ErrorCode =
  | 'validation'
  | 'bad_request'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'unauthorized'
  | 'csrf'
  | 'duplicate'
  | 'invalid_state'
  | 'payload_too_large'
  | 'database_busy'
  | 'internal';

const DEFAULT_STATUS: Record<ErrorCode, number> = {
  validation: 422,
  bad_request: 400,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthorized: 401,
  csrf: 403,
  duplicate: 409,
  invalid_state: 409,
  payload_too_large: 413,
  database_busy: 503,
  internal: 500,
};

export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly httpStatus: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    httpStatus?: number,
    readonly fieldErrors: FieldError[] = [],
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.httpStatus = httpStatus ?? DEFAULT_STATUS[code];
  }

  static validation(fieldErrors: FieldError[], message = 'errors.validation'): AppError {
    return new AppError('validation', message, 422, fieldErrors);
  }

  static notFound(message = 'errors.notFound'): AppError {
    return new AppError('not_found', message);
  }

  static field(field: string, message: string, params: Record<string, string | number> = {}): AppError {
    return new AppError('validation', message, 422, [{ field, message }], params);
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
