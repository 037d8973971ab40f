import { Identifier } from '@mcp-ledger/events';
import { badInput } from './api-errors';

/** Who is asking. Every read is scoped to the caller's tenant. */
export interface Caller {
  tenant: string;
}

export const DEFAULT_TENANT = 'default';
export const TENANT_HEADER = 'x-ledger-tenant';

/**
 * Until authentication lands (tokens carry the tenant), the tenant is taken from the
 * `x-ledger-tenant` header, defaulting to `default`. The embedded ledger binds to loopback
 * only, so this is a single-user setting, not a security boundary yet (ADR 0004).
 */
export function callerFromHeaders(headers: Record<string, string | string[] | undefined>): Caller {
  const raw = headers[TENANT_HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value === '') return { tenant: DEFAULT_TENANT };
  const parsed = Identifier.safeParse(value);
  if (!parsed.success) throw badInput(`${TENANT_HEADER}: ${parsed.error.issues[0]?.message ?? 'invalid tenant'}`);
  return { tenant: parsed.data };
}
