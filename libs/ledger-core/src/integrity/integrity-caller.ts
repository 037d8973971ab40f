import { ForbiddenException } from '@nestjs/common';
import { Identifier } from '@mcp-ledger/events';
import type { FastifyRequest } from 'fastify';

/** Who asks for a verification, and of which tenant. */
export interface IntegrityCaller {
  tenant: string;
}

/**
 * The one place the integrity endpoint learns its caller. For now the `x-ledger-tenant`
 * header (default `default`, ADR 0004); with authentication this becomes the
 * authenticated principal (admin role) and its tenant, and nothing else changes.
 */
export function integrityCaller(request: FastifyRequest): IntegrityCaller {
  const raw = request.headers['x-ledger-tenant'];
  const value = (Array.isArray(raw) ? raw[0] : raw) || 'default';
  const parsed = Identifier.safeParse(value);
  if (!parsed.success) throw new ForbiddenException({ error: 'forbidden', message: 'x-ledger-tenant: not a tenant id' });
  return { tenant: parsed.data };
}
