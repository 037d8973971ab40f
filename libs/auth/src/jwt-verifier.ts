import { readFileSync } from 'node:fs';
import { createLocalJWKSet, errors, jwtVerify, type FetchImplementation, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { jwksLocation } from '@mcp-ledger/config';
import { Identifier } from '@mcp-ledger/events';
import { AuthError } from './auth-error';
import type { Principal } from './principal';
import { IssuerKeysUnavailable, remoteKeySet } from './remote-key-set';
import { parseRoles } from './roles';

export interface JwtSettings {
  /** Expected `iss`. */
  issuer: string;
  /** Expected `aud`. */
  audience: string;
  /** A JWKS file path, or an https:// URL the issuer publishes its keys at (never plain http). */
  jwks: string;
}

export interface JwtVerifierOptions {
  /**
   * For the operator's log: why the JWKS URL cannot be fetched, told once per outage. The
   * caller only learns `issuer_unavailable` (HTTP 503, retry later), not the internals.
   */
  onKeysUnavailable?: (reason: string) => void;
  /** The HTTP client for a JWKS URL; node's fetch by default. */
  fetch?: FetchImplementation;
}

/** Only asymmetric algorithms: the ledger holds public keys, never a shared secret; `none` is never accepted. */
const ALGORITHMS = ['EdDSA', 'ES256', 'ES384', 'RS256', 'PS256'];

export type JwtVerifier = (token: string) => Promise<Principal>;

function fileKeySet(path: string): JWTVerifyGetKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`LEDGER_JWKS: cannot read a JSON Web Key Set from ${path}: ${(error as Error).message}`);
  }
  return createLocalJWKSet(parsed as Parameters<typeof createLocalJWKSet>[0]);
}

function keySet(jwks: string, options: JwtVerifierOptions): JWTVerifyGetKey {
  const location = jwksLocation(jwks);
  switch (location.kind) {
    case 'file':
      return fileKeySet(location.path);
    case 'url':
      return remoteKeySet(location.url, { onUnavailable: options.onKeysUnavailable, fetch: options.fetch });
    case 'refused':
      // The app's config schema refuses it first; this guards callers that build settings themselves.
      throw new Error(`LEDGER_JWKS: ${location.reason}`);
  }
}

/**
 * The claims the ledger reads: `sub` (who), `ledger_roles` (array of role names) and
 * `ledger_tenants` (array of tenant ids, or `["*"]`). A token missing any of them is
 * refused rather than given a default: an identity provider misconfiguration must not
 * turn into access.
 */
export function principalFromClaims(claims: JWTPayload): Principal {
  if (typeof claims.sub !== 'string' || claims.sub === '') throw new AuthError('invalid_token', 'the token has no sub claim');
  let roles;
  try {
    roles = parseRoles(claims['ledger_roles']);
  } catch (error) {
    throw new AuthError('invalid_token', `ledger_roles claim: ${(error as Error).message}`);
  }
  const tenants = claims['ledger_tenants'];
  if (!Array.isArray(tenants) || tenants.length === 0) {
    throw new AuthError('invalid_token', 'the token has no ledger_tenants claim (an array of tenant ids, or ["*"])');
  }
  for (const tenant of tenants) {
    if (tenant !== '*' && !Identifier.safeParse(tenant).success) throw new AuthError('invalid_token', `ledger_tenants: bad tenant id ${JSON.stringify(tenant)}`);
  }
  return {
    subject: `jwt:${claims.sub}`,
    kind: 'jwt',
    tokenId: typeof claims.jti === 'string' ? claims.jti : `jwt:${claims.sub}`,
    roles,
    tenants: tenants as string[],
  };
}

export function createJwtVerifier(settings: JwtSettings, options: JwtVerifierOptions = {}): JwtVerifier {
  const keys = keySet(settings.jwks, options);
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, { issuer: settings.issuer, audience: settings.audience, algorithms: ALGORITHMS }));
    } catch (error) {
      if (error instanceof IssuerKeysUnavailable) {
        throw new AuthError('issuer_unavailable', "the ledger cannot fetch its JWT issuer's keys right now, so the token cannot be checked; retry later");
      }
      if (error instanceof errors.JWTExpired) throw new AuthError('token_expired', 'the token has expired');
      if (error instanceof errors.JWTClaimValidationFailed) throw new AuthError('invalid_token', `the token's ${error.claim} claim is not accepted`);
      throw new AuthError('invalid_token', 'the token signature or format is not valid');
    }
    return principalFromClaims(payload);
  };
}
