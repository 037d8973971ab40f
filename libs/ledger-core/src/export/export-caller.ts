import type { FastifyRequest } from 'fastify';
import { restCaller } from '../auth/ledger-caller';

/** Who exports, and which tenant's records. */
export interface ExportCaller {
  tenant: string;
}

/**
 * The one place the export endpoint learns its caller: the principal the authentication
 * hook let through for `/v1/export` (permission `export`, route-rules.ts) and the one tenant
 * it acts on — its own, or the one it names in `x-ledger-tenant` if the token covers it.
 */
export function exportCaller(request: FastifyRequest): ExportCaller {
  return { tenant: restCaller(request).tenant };
}
