/** Injection tokens of the authentication module. */
export const AUTHENTICATOR = Symbol('AUTHENTICATOR');
export const RATE_LIMITER = Symbol('RATE_LIMITER');
export const ACCESS_LOG = Symbol('ACCESS_LOG');
export const API_KEY_STORE = Symbol('API_KEY_STORE');
