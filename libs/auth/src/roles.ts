/**
 * Roles a token may carry, and what each lets its holder do. One table, read by every
 * interface (GraphQL, ingest, export, integrity): a permission is granted here or nowhere.
 */
export const ROLES = ['viewer', 'analyst', 'approver', 'admin', 'ingest'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = ['read', 'read_content', 'export', 'approve', 'ingest', 'admin'] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  /** Metadata only: who called what, when, verdicts and findings; arguments come back masked. */
  viewer: ['read'],
  /** Investigations: arguments, results and content in full, and bulk export to a SIEM. */
  analyst: ['read', 'read_content', 'export'],
  /** Human sign-off on held calls and changed tool definitions. */
  approver: ['read', 'approve'],
  admin: PERMISSIONS,
  /** Emitters, proxies and gateways: write events, read nothing. */
  ingest: ['ingest'],
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function permissionsOf(roles: readonly Role[]): ReadonlySet<Permission> {
  return new Set(roles.flatMap((role) => GRANTS[role]));
}

/** Parses a role list from config, a CLI flag or a token claim; names the first bad entry. */
export function parseRoles(value: unknown): Role[] {
  const list = typeof value === 'string' ? value.split(',').map((role) => role.trim()).filter(Boolean) : value;
  if (!Array.isArray(list) || list.length === 0) throw new Error(`expected one or more roles of ${ROLES.join(', ')}`);
  for (const role of list) {
    if (!isRole(role)) throw new Error(`unknown role ${JSON.stringify(role)}: expected one of ${ROLES.join(', ')}`);
  }
  return [...new Set(list as Role[])];
}
