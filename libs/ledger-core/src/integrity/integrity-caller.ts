import type { FastifyRequest } from 'fastify';
import { restCaller } from '../auth/ledger-caller';

/** Who asks for a verification, and of which tenant. */
export interface IntegrityCaller {
  tenant: string;
}

/**
 * The one place the integrity endpoint learns its caller: the principal the authentication
 * hook let through for `/v1/integrity` (admin, route-rules.ts) and the one tenant it acts on.
 */
export function integrityCaller(request: FastifyRequest): IntegrityCaller {
  return { tenant: restCaller(request).tenant };
}
