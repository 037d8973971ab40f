/**
 * Why a request was refused. Each code maps to one HTTP status and one GraphQL
 * `extensions.code`, so every interface refuses the same token the same way.
 * `issuer_unavailable`: a JWT that cannot be checked because the issuer's keys (LEDGER_JWKS)
 * cannot be fetched — the token is neither accepted nor called invalid; retry later.
 */
export type AuthErrorCode = 'unauthenticated' | 'invalid_token' | 'token_expired' | 'forbidden' | 'rate_limited' | 'issuer_unavailable';

const STATUS: Record<AuthErrorCode, number> = {
  unauthenticated: 401,
  invalid_token: 401,
  token_expired: 401,
  forbidden: 403,
  rate_limited: 429,
  issuer_unavailable: 503,
};

const GRAPHQL_CODE: Record<AuthErrorCode, string> = {
  unauthenticated: 'UNAUTHENTICATED',
  invalid_token: 'UNAUTHENTICATED',
  token_expired: 'UNAUTHENTICATED',
  forbidden: 'FORBIDDEN',
  rate_limited: 'RATE_LIMITED',
  issuer_unavailable: 'UNAVAILABLE',
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
