/**
 * @mcp-ledger/auth — who is calling: bearer tokens (API keys hashed at rest, JWTs checked
 * against the issuer's keys), roles and the permissions they grant, tenant scoping, and
 * per-token rate limits. Every interface of the ledger authenticates through this.
 */
export { API_KEY_PREFIX, bearerToken, generateApiKey, hashToken, looksLikeJwt, type GeneratedApiKey } from './api-key';
export { AuthError, type AuthErrorCode } from './auth-error';
export { Authenticator, type ApiKeyLookup, type ApiKeyRecord, type AuthenticatorOptions } from './authenticator';
export { createJwtVerifier, principalFromClaims, type JwtSettings, type JwtVerifier, type JwtVerifierOptions } from './jwt-verifier';
export { ALL_TENANTS, hasPermission, mayAccessTenant, requirePermission, resolveTenant, type Principal } from './principal';
export { RateLimiter } from './rate-limiter';
export { isRole, parseRoles, permissionsOf, PERMISSIONS, ROLES, type Permission, type Role } from './roles';
