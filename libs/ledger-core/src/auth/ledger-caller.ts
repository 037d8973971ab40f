import { HttpException } from '@nestjs/common';
import { AuthError, resolveTenant, type Principal } from '@mcp-ledger/auth';
import { Identifier } from '@mcp-ledger/events';
import type { FastifyRequest } from 'fastify';
import type { RouteRule } from './route-rules';

/** Who is asking, and for which tenant. Every read and write is scoped by it. */
export interface LedgerCaller {
  tenant: string;
  principal: Principal;
}

export const TENANT_HEADER = 'x-ledger-tenant';

/** What the authentication hook learned about a request. */
export interface RequestAuth {
  /** The route's rule, looked up once when the request arrived. */
  rule: RouteRule;
  principal?: Principal;
  tenant?: string;
  errorCode?: string;
  startedAt: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    ledgerAuth?: RequestAuth;
  }
}

export function requestedTenant(headers: FastifyRequest['headers']): string | undefined {
  const raw = headers[TENANT_HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value === '') return undefined;
  const parsed = Identifier.safeParse(value);
  if (!parsed.success) throw new AuthError('forbidden', `${TENANT_HEADER}: not a tenant id (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data;
}

/**
 * The caller of an authenticated request: the token's principal and the one tenant it
 * acts on (its own, or the one it names in `x-ledger-tenant` if it covers several).
 */
export function ledgerCaller(request: FastifyRequest): LedgerCaller {
  const principal = request.ledgerAuth?.principal;
  if (!principal) throw new AuthError('unauthenticated', 'send a token: Authorization: Bearer <API key or JWT>');
  const tenant = resolveTenant(principal, requestedTenant(request.headers));
  if (request.ledgerAuth) request.ledgerAuth.tenant = tenant;
  return { tenant, principal };
}

/** For REST handlers: the caller, a refusal turned into the JSON answer every HTTP interface gives. */
export function restCaller(request: FastifyRequest): LedgerCaller {
  try {
    return ledgerCaller(request);
  } catch (error) {
    if (error instanceof AuthError) throw new HttpException(error.toBody(), error.status);
    throw error;
  }
}
