import { Controller, Get, Req } from '@nestjs/common';
import { AuthError, type Role } from '@mcp-ledger/auth';
import type { FastifyRequest } from 'fastify';

/**
 * `GET /v1/whoami` — what the presented token is: lets a CLI or an emitter check its
 * LEDGER_TOKEN before it starts sending, with any role (an ingest key included).
 */
@Controller()
export class WhoamiController {
  @Get('v1/whoami')
  whoami(@Req() request: FastifyRequest): { subject: string; kind: string; roles: readonly Role[]; tenants: readonly string[] } {
    const principal = request.ledgerAuth?.principal;
    if (!principal) throw new AuthError('unauthenticated', 'send a token: Authorization: Bearer <API key or JWT>');
    return { subject: principal.subject, kind: principal.kind, roles: principal.roles, tenants: principal.tenants };
  }
}
