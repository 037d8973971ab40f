import { Inject, Injectable } from '@nestjs/common';
import type { LedgerDatabase } from '@mcp-ledger/clickhouse';
import { LEDGER_DATABASE } from '@mcp-ledger/ledger-core';
import type { Caller } from './caller';

const TENANT_PREDICATE = /\btenant\s*=\s*\{tenant:String\}/;

/**
 * The only way the read side reaches ClickHouse. It refuses SQL that lacks the
 * `tenant = {tenant:String}` predicate and binds that parameter from the caller itself,
 * so a resolver can neither forget the tenant nor choose someone else's.
 */
@Injectable()
export class TenantReader {
  constructor(@Inject(LEDGER_DATABASE) private readonly db: LedgerDatabase) {}

  select<T>(caller: Caller, sql: string, params: Record<string, unknown> = {}): Promise<T[]> {
    if (!TENANT_PREDICATE.test(sql)) {
      throw new Error('refusing a read without the tenant predicate `tenant = {tenant:String}`');
    }
    if ('tenant' in params) throw new Error('the tenant parameter is bound from the caller, not passed in');
    return this.db.query<T>(sql, { ...params, tenant: caller.tenant });
  }
}
