import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import { generateApiKey, hashToken, isRole, type ApiKeyLookup, type ApiKeyRecord, type Role } from '@mcp-ledger/auth';

/** An API key as listed to admins: never the token, never its hash. */
export interface ApiKeyListing {
  id: string;
  name: string;
  roles: Role[];
  tenants: string[];
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
  revokedBy: string;
}

export interface NewApiKey {
  name: string;
  roles: Role[];
  tenants: string[];
  createdBy: string;
}

interface KeyRow {
  id: string;
  token_hash: string;
  name: string;
  roles: string[];
  tenants: string[];
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  revoked_by: string;
  version: string;
}

const nowText = () => new Date().toISOString().replace('T', ' ').replace('Z', '');

/**
 * API keys in the `api_keys` table. Keys are platform-wide (they name the tenants they
 * cover), so these reads do not go through the tenant-scoped reader of the query side.
 */
export class ApiKeyStore implements ApiKeyLookup {
  constructor(private readonly db: LedgerDatabase) {}

  async findByHash(tokenHash: string): Promise<ApiKeyRecord | null> {
    const [row] = await this.db.query<KeyRow>('SELECT * FROM api_keys FINAL WHERE token_hash = {hash:String} LIMIT 1', { hash: tokenHash });
    if (!row) return null;
    return { id: row.id, name: row.name, roles: row.roles.filter(isRole), tenants: row.tenants, revoked: row.revoked_at !== null };
  }

  /** Creates a key and returns its token: the only time the token exists outside the caller. */
  async create(key: NewApiKey): Promise<{ id: string; token: string }> {
    const generated = generateApiKey();
    await this.insertHashed(generated.id, hashToken(generated.token), key);
    return generated;
  }

  /** Stores a key whose token the operator chose (LEDGER_BOOTSTRAP_TOKEN). */
  async insertToken(id: string, token: string, key: NewApiKey): Promise<void> {
    await this.insertHashed(id, hashToken(token), key);
  }

  async revoke(id: string, revokedBy: string): Promise<ApiKeyListing | null> {
    const [row] = await this.db.query<KeyRow>('SELECT * FROM api_keys FINAL WHERE id = {id:String}', { id });
    if (!row) return null;
    if (row.revoked_at === null) {
      await this.db.insert('api_keys', [{ ...row, revoked_at: nowText(), revoked_by: revokedBy, version: String(BigInt(row.version) + 1n) }]);
    }
    return (await this.list()).find((key) => key.id === id) ?? null;
  }

  async list(): Promise<ApiKeyListing[]> {
    const rows = await this.db.query<KeyRow>('SELECT * FROM api_keys FINAL ORDER BY created_at, id');
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      roles: row.roles.filter(isRole),
      tenants: row.tenants,
      createdBy: row.created_by,
      createdAt: row.created_at,
      revokedAt: row.revoked_at,
      revokedBy: row.revoked_by,
    }));
  }

  async count(): Promise<number> {
    const [row] = await this.db.query<{ keys: string }>('SELECT count() AS keys FROM api_keys FINAL');
    return Number(row?.keys ?? 0);
  }

  private async insertHashed(id: string, tokenHash: string, key: NewApiKey): Promise<void> {
    await this.db.insert('api_keys', [
      {
        id,
        token_hash: tokenHash,
        name: key.name,
        roles: key.roles,
        tenants: key.tenants,
        created_by: key.createdBy,
        created_at: nowText(),
        revoked_at: null,
        revoked_by: '',
        version: 1,
      },
    ]);
  }
}
