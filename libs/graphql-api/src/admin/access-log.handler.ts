import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { requirePermission } from '@mcp-ledger/auth';
import { fromClickHouseTime } from '@mcp-ledger/projections';
import { badInput } from '../common/api-errors';
import { encodeKey } from '../common/cursor';
import { MAX_PAGE_SIZE } from '../common/page.model';
import { TenantReader } from '../common/tenant-reader';
import { WhereClause } from '../common/where-clause';
import type { AccessLogConnection, AccessLogEntryModel } from './access-log.model';
import { ListAccessLogQuery } from './access-log.query';

interface AccessLogRecord {
  id: string;
  at: string;
  subject: string;
  token_id: string;
  roles: string[];
  interface: string;
  method: string;
  path: string;
  operation: string;
  query_sha256: string;
  query: string;
  variables: string;
  status: number;
  outcome: string;
  error_code: string;
  duration_ms: number;
  client_ip: string;
}

/** The audit of the audit, newest first, for admins of the tenant. */
@QueryHandler(ListAccessLogQuery)
export class ListAccessLogHandler implements IQueryHandler<ListAccessLogQuery, AccessLogConnection> {
  constructor(private readonly reader: TenantReader) {}

  async execute({ caller, filter, first, after }: ListAccessLogQuery): Promise<AccessLogConnection> {
    requirePermission(caller.principal, 'admin');
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) throw badInput(`first must be between 1 and ${MAX_PAGE_SIZE}`);
    const where = new WhereClause().timeRange('at', filter.from, filter.to).before('at', 'id', after);
    if (filter.subject) where.add('subject = {subject:String}', 'subject', filter.subject);
    if (filter.interface) where.add('interface = {interface:String}', 'interface', filter.interface);
    if (filter.outcome) where.add('outcome = {outcome:String}', 'outcome', filter.outcome);
    const rows = await this.reader.select<AccessLogRecord>(
      caller,
      `SELECT id, at, subject, token_id, roles, interface, method, path, operation, query_sha256, query, variables,
              status, outcome, error_code, duration_ms, client_ip
       FROM access_log FINAL
       WHERE tenant = {tenant:String} ${where.sql()}
       ORDER BY at DESC, id DESC LIMIT {limit:UInt32}`,
      { ...where.params, limit: first + 1 },
    );
    const nodes: AccessLogEntryModel[] = rows.slice(0, first).map((row) => ({
      id: row.id,
      at: new Date(fromClickHouseTime(row.at)),
      subject: row.subject,
      tokenId: row.token_id,
      roles: row.roles,
      interface: row.interface,
      method: row.method,
      path: row.path,
      operation: row.operation,
      query: row.query,
      querySha256: row.query_sha256,
      variables: row.variables,
      status: Number(row.status),
      outcome: row.outcome,
      errorCode: row.error_code,
      durationMs: Number(row.duration_ms),
      clientIp: row.client_ip,
      sortKey: encodeKey([row.at, row.id]),
    }));
    return {
      edges: nodes.map((node) => ({ cursor: node.sortKey, node })),
      pageInfo: { hasNextPage: rows.length > first, endCursor: nodes.at(-1)?.sortKey ?? null },
    };
  }
}
