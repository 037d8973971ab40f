import { BadRequestException, Controller, ForbiddenException, Get, Inject, Query, Req } from '@nestjs/common';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import type { FastifyRequest } from 'fastify';
import { LEDGER_DATABASE } from '../database/database.module';
import { integrityCaller } from './integrity-caller';
import type { IntegrityReport } from './integrity-report';
import { verifyIntegrity } from './verify-integrity';

export const INTEGRITY_VERIFY_PATH = '/v1/integrity/verify';

const KEY_ID = /^ed25519:[0-9a-f]{64}$/;

/**
 * `GET /v1/integrity/verify?tenant=T&keyId=ed25519:…` — verifies the caller's tenant
 * from the stored tables (chains and checkpoints) and answers the same report as
 * `mcp-ledger verify` offline. `keyId` (repeatable) pins the checkpoint signing keys.
 * Read-only; as expensive as a scan of the tenant's events.
 */
@Controller()
export class IntegrityController {
  constructor(@Inject(LEDGER_DATABASE) private readonly db: LedgerDatabase) {}

  @Get(INTEGRITY_VERIFY_PATH.slice(1))
  async verify(@Req() request: FastifyRequest, @Query('tenant') tenant?: string, @Query('keyId') keyId?: string | string[]): Promise<IntegrityReport> {
    const caller = integrityCaller(request);
    if (tenant !== undefined && tenant !== caller.tenant) {
      throw new ForbiddenException({ error: 'forbidden', message: `tenant ${JSON.stringify(tenant)} is not the caller's tenant` });
    }
    const keyIds = keyId === undefined ? undefined : Array.isArray(keyId) ? keyId : [keyId];
    const bad = keyIds?.find((id) => !KEY_ID.test(id));
    if (bad !== undefined) throw new BadRequestException({ error: 'invalid_key_id', message: `keyId ${JSON.stringify(bad)} is not ed25519:<64 hex>` });
    return verifyIntegrity(this.db, { tenant: caller.tenant, trustedKeyIds: keyIds ? new Set(keyIds) : undefined });
  }
}
