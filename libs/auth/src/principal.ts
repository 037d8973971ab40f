import { AuthError } from './auth-error';
import { permissionsOf, type Permission, type Role } from './roles';

/** Every tenant: only for operators' keys (created with `--all-tenants`) and the first admin key. */
export const ALL_TENANTS = '*';

/** An authenticated caller: who, with which roles, over which tenants. */
export interface Principal {
  /** Stable identity recorded in the access log and on approvals: the key's name or the JWT `sub`. */
  subject: string;
  kind: 'api_key' | 'jwt';
  /** The API key id, or the JWT `jti` when present: the rate-limit and revocation key. */
  tokenId: string;
  roles: readonly Role[];
  /** Tenants this caller may read or write; `['*']` for all. */
  tenants: readonly string[];
}

export function hasPermission(principal: Principal, permission: Permission): boolean {
  return permissionsOf(principal.roles).has(permission);
}

export function requirePermission(principal: Principal, permission: Permission): void {
  if (!hasPermission(principal, permission)) {
    throw new AuthError('forbidden', `this needs the ${permission} permission; the token has roles ${principal.roles.join(', ')}`);
  }
}

export function mayAccessTenant(principal: Principal, tenant: string): boolean {
  return principal.tenants.includes(ALL_TENANTS) || principal.tenants.includes(tenant);
}

/**
 * The one tenant a request acts on. A token bound to one tenant acts on it; a token with
 * several (or all) names the one it wants (the `x-ledger-tenant` header). Asking for a
 * tenant the token does not cover is refused, never silently narrowed.
 */
export function resolveTenant(principal: Principal, requested: string | undefined, fallback = 'default'): string {
  if (requested !== undefined && requested !== '') {
    if (!mayAccessTenant(principal, requested)) throw new AuthError('forbidden', `this token has no access to tenant ${requested}`);
    return requested;
  }
  const [only, ...others] = principal.tenants;
  if (only !== undefined && only !== ALL_TENANTS && others.length === 0) return only;
  if (principal.tenants.includes(ALL_TENANTS)) return fallback;
  throw new AuthError('forbidden', 'this token covers several tenants: name one with the x-ledger-tenant header');
}
