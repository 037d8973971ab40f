import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { fromClickHouseTime, type FindingRow } from '@mcp-ledger/projections';
import { badInput } from '../common/api-errors';
import { encodeKey } from '../common/cursor';
import { MAX_PAGE_SIZE } from '../common/page.model';
import { TenantReader } from '../common/tenant-reader';
import { WhereClause } from '../common/where-clause';
import type { FindingConnection, FindingModel } from './finding.model';
import { ListFindingsQuery } from './list-findings.query';

type FindingRecord = Omit<FindingRow, 'tenant'>;

/** Newest first; each filter is a fixed fragment with a bound parameter. */
@QueryHandler(ListFindingsQuery)
export class ListFindingsHandler implements IQueryHandler<ListFindingsQuery, FindingConnection> {
  constructor(private readonly reader: TenantReader) {}

  async execute({ caller, filter, first, after }: ListFindingsQuery): Promise<FindingConnection> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) throw badInput(`first must be between 1 and ${MAX_PAGE_SIZE}`);
    const where = new WhereClause().timeRange('raised_at', filter.from, filter.to).before('raised_at', 'finding_id', after);
    if (filter.kind?.length) where.add('kind IN {kinds:Array(String)}', 'kinds', filter.kind);
    if (filter.severity?.length) where.add('severity IN {severities:Array(String)}', 'severities', filter.severity);
    if (filter.sessionId) where.add('session_id = {sessionId:String}', 'sessionId', filter.sessionId);
    const rows = await this.reader.select<FindingRecord>(
      caller,
      `SELECT finding_id, kind, severity, summary, evidence, session_id, call_id, raised_at
       FROM findings FINAL
       WHERE tenant = {tenant:String} ${where.sql()}
       ORDER BY raised_at DESC, finding_id DESC LIMIT {limit:UInt32}`,
      { ...where.params, limit: first + 1 },
    );
    const nodes: FindingModel[] = rows.slice(0, first).map((row) => ({
      id: row.finding_id,
      kind: row.kind,
      severity: row.severity,
      summary: row.summary,
      evidence: JSON.parse(row.evidence) as unknown,
      raisedAt: new Date(fromClickHouseTime(row.raised_at)),
      sessionId: row.session_id,
      callId: row.call_id === '' ? null : row.call_id,
      sortKey: encodeKey([row.raised_at, row.finding_id]),
    }));
    return {
      edges: nodes.map((node) => ({ cursor: node.sortKey, node })),
      pageInfo: { hasNextPage: rows.length > first, endCursor: nodes.at(-1)?.sortKey ?? null },
    };
  }
}
