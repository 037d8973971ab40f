import { ALL_TENANTS, hashToken, type ApiKeyLookup, type ApiKeyRecord } from '@mcp-ledger/auth';

/**
 * Keys held in memory, for a process without a key store (the ingest gateway without a
 * ClickHouse URL): only the bootstrap admin token. Everyone else uses JWTs there.
 */
export class StaticKeys implements ApiKeyLookup {
  private readonly byHash = new Map<string, ApiKeyRecord>();

  constructor(bootstrapToken: string | undefined) {
    if (bootstrapToken !== undefined) {
      this.byHash.set(hashToken(bootstrapToken), { id: 'bootstrap', name: 'first-admin', roles: ['admin'], tenants: [ALL_TENANTS], revoked: false });
    }
  }

  async findByHash(tokenHash: string): Promise<ApiKeyRecord | null> {
    return this.byHash.get(tokenHash) ?? null;
  }
}
