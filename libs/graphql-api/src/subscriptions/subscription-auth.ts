import { AuthError, requirePermission, resolveTenant, type Authenticator } from '@mcp-ledger/auth';
import { requestedTenant, TENANT_HEADER } from '@mcp-ledger/ledger-core';
import type { Caller } from '../common/caller';

/** The `connection_init` payload of a graphql-ws client: headers cannot be sent from a browser. */
export interface ConnectionInitPayload {
  authorization?: unknown;
  'x-ledger-tenant'?: unknown;
  headers?: { authorization?: unknown; 'x-ledger-tenant'?: unknown };
}

/**
 * Authenticates a subscription connection from its `connection_init` payload
 * (`{ authorization: 'Bearer …', 'x-ledger-tenant'?: … }`, or the same under `headers`)
 * with the same Authenticator as every HTTP request. Subscriptions need the `read`
 * permission; a connection without an authenticator configured is refused.
 */
export async function authenticateSubscription(authenticator: Authenticator | null | undefined, payload: ConnectionInitPayload | undefined): Promise<Caller> {
  if (!authenticator) throw new AuthError('unauthenticated', 'subscriptions need authentication, and none is configured');
  const source = payload?.headers ?? payload ?? {};
  const header = typeof source.authorization === 'string' ? source.authorization : undefined;
  const principal = await authenticator.authenticate(header);
  requirePermission(principal, 'read');
  const asked = typeof source['x-ledger-tenant'] === 'string' ? source['x-ledger-tenant'] : undefined;
  // The same rule as the header of an HTTP request.
  return { tenant: resolveTenant(principal, requestedTenant({ [TENANT_HEADER]: asked })), principal };
}
