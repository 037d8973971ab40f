import { HttpException } from '@nestjs/common';
import { AuthError } from '@mcp-ledger/auth';
import type { FastifyRequest } from 'fastify';
import { ledgerCaller } from '../auth/ledger-caller';

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
  try {
    return { tenant: ledgerCaller(request).tenant };
  } catch (error) {
    if (error instanceof AuthError) throw new HttpException(error.toBody(), error.status);
    throw error;
  }
}
