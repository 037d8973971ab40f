import { ledgerCaller, type LedgerCaller } from '@mcp-ledger/ledger-core';
import type { FastifyRequest } from 'fastify';

/**
 * Who is asking: the authenticated principal and the one tenant the request acts on.
 * Every read is scoped to `caller.tenant` by the TenantReader.
 */
export type Caller = LedgerCaller;

/** The caller of a request the authentication hook let through (route-rules.ts). */
export function callerFromRequest(request: FastifyRequest): Caller {
  return ledgerCaller(request);
}
