import { IntrinsicException } from '@nestjs/common';

/**
 * Errors an API caller can act on. Each has a stable `code` that reaches the client as
 * `extensions.code`; anything else is reported as INTERNAL_SERVER_ERROR without details.
 */
/** UNAVAILABLE: accepted but not visible yet (retry the read, not the write). */
export type ApiErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'QUERY_TOO_COSTLY' | 'UNAVAILABLE';

// IntrinsicException: an expected outcome, so Nest's exception handler does not log it as a crash.
export class ApiError extends IntrinsicException {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badInput = (message: string) => new ApiError('BAD_USER_INPUT', message);
