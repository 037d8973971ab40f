import type { Permission } from '@mcp-ledger/auth';

/**
 * What each HTTP route needs. One table for the whole server, read by one hook, so a new
 * route cannot forget authentication: a path not listed here needs the admin permission.
 */
export interface RouteRule {
  path: string;
  /**
   * `public`: no token needed (health checks, the GraphiQL and provenance pages themselves, which then send tokens);
   * `authenticated`: any valid token, whatever its roles.
   */
  permission: Permission | 'public' | 'authenticated';
  /** The interface name in the access log. */
  interface: string;
  /** `all`: every request is written to the access log; `refusals`: only refused ones (high-volume write paths). */
  log: 'all' | 'refusals' | 'none';
  /** Whether the per-token rate limit applies (reads; emitters' writes are bounded by the ingest itself). */
  rateLimited: boolean;
}

export const ROUTE_RULES: readonly RouteRule[] = [
  { path: '/healthz', permission: 'public', interface: 'health', log: 'none', rateLimited: false },
  { path: '/graphiql', permission: 'public', interface: 'graphiql', log: 'none', rateLimited: false },
  // The provenance page's static files: no data in them; the page sends the user's token to /graphql.
  { path: '/ui', permission: 'public', interface: 'ui', log: 'none', rateLimited: false },
  { path: '/v1/whoami', permission: 'authenticated', interface: 'whoami', log: 'refusals', rateLimited: true },
  { path: '/v1/events', permission: 'ingest', interface: 'ingest', log: 'refusals', rateLimited: false },
  { path: '/graphql', permission: 'read', interface: 'graphql', log: 'all', rateLimited: true },
  { path: '/v1/export', permission: 'export', interface: 'export', log: 'all', rateLimited: true },
  { path: '/v1/integrity', permission: 'admin', interface: 'integrity', log: 'all', rateLimited: true },
  { path: '/v1/approvals', permission: 'ingest', interface: 'approvals', log: 'refusals', rateLimited: false },
];

const FALLBACK: RouteRule = { path: '', permission: 'admin', interface: 'other', log: 'all', rateLimited: true };

export function ruleFor(url: string): RouteRule {
  const path = url.split('?')[0] ?? url;
  return ROUTE_RULES.find((rule) => path === rule.path || path.startsWith(`${rule.path}/`)) ?? FALLBACK;
}
