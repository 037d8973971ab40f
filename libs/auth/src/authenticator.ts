import { bearerToken, hashToken, looksLikeJwt } from './api-key';
import { AuthError } from './auth-error';
import type { JwtVerifier } from './jwt-verifier';
import type { Principal } from './principal';
import type { Role } from './roles';

/** A stored API key as the authenticator needs it; the token itself is never stored. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  roles: Role[];
  tenants: string[];
  revoked: boolean;
}

export interface ApiKeyLookup {
  findByHash(tokenHash: string): Promise<ApiKeyRecord | null>;
}

export interface AuthenticatorOptions {
  keys: ApiKeyLookup;
  jwt?: JwtVerifier;
  /** How long a looked-up key is trusted before it is read again (revocation delay across replicas). */
  cacheMs?: number;
  now?: () => number;
}

/**
 * Turns an `Authorization: Bearer …` header into a Principal, or refuses it with an
 * AuthError: no header → unauthenticated; unknown, revoked or badly signed → invalid_token;
 * expired JWT → token_expired. Shared by every interface so they refuse alike.
 */
export class Authenticator {
  private readonly cache = new Map<string, { principal: Principal | null; until: number }>();
  private readonly cacheMs: number;
  private readonly now: () => number;

  constructor(private readonly options: AuthenticatorOptions) {
    this.cacheMs = options.cacheMs ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  async authenticate(authorization: string | string[] | undefined): Promise<Principal> {
    const token = bearerToken(authorization);
    if (token === undefined) throw new AuthError('unauthenticated', 'send a token: Authorization: Bearer <API key or JWT>');
    if (token === '') throw new AuthError('invalid_token', 'the Authorization header must be "Bearer <token>"');
    if (looksLikeJwt(token)) {
      if (!this.options.jwt) throw new AuthError('invalid_token', 'JWTs are not accepted: no issuer is configured (LEDGER_JWT_ISSUER, LEDGER_JWKS)');
      return this.options.jwt(token);
    }
    const principal = await this.apiKeyPrincipal(hashToken(token));
    if (!principal) throw new AuthError('invalid_token', 'unknown or revoked API key');
    return principal;
  }

  /** Drops cached lookups, so a revocation in this process takes effect at once. */
  forget(): void {
    this.cache.clear();
  }

  private async apiKeyPrincipal(tokenHash: string): Promise<Principal | null> {
    const cached = this.cache.get(tokenHash);
    if (cached && cached.until > this.now()) return cached.principal;
    const record = await this.options.keys.findByHash(tokenHash);
    const principal =
      record && !record.revoked
        ? { subject: `key:${record.name}`, kind: 'api_key' as const, tokenId: record.id, roles: record.roles, tenants: record.tenants }
        : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(tokenHash, { principal, until: this.now() + this.cacheMs });
    return principal;
  }
}
