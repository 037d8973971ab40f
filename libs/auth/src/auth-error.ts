/**
 * Why a request was refused. Each code maps to one HTTP status and one GraphQL
 * `extensions.code`, so every interface refuses the same token the same way.
 */
export type AuthErrorCode = 'unauthenticated' | 'invalid_token' | 'token_expired' | 'forbidden' | 'rate_limited';

const STATUS: Record<AuthErrorCode, number> = {
  unauthenticated: 401,
  invalid_token: 401,
  token_expired: 401,
  forbidden: 403,
  rate_limited: 429,
};

const GRAPHQL_CODE: Record<AuthErrorCode, string> = {
  unauthenticated: 'UNAUTHENTICATED',
  invalid_token: 'UNAUTHENTICATED',
  token_expired: 'UNAUTHENTICATED',
  forbidden: 'FORBIDDEN',
  rate_limited: 'RATE_LIMITED',
};

export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    /** For `rate_limited`: seconds until a retry can pass. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AuthError';
  }

  get status(): number {
    return STATUS[this.code];
  }

  get graphqlCode(): string {
    return GRAPHQL_CODE[this.code];
  }

  /** The JSON body every HTTP interface answers with. */
  toBody(): { error: AuthErrorCode; message: string } {
    return { error: this.code, message: this.message };
  }
}
