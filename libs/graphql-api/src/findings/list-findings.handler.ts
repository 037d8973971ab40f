import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { fromClickHouseTime, toClickHouseTime } from '@mcp-ledger/projections';
import { badInput } from '../common/api-errors';
import { decodeTimeCursor, encodeKey } from '../common/cursor';
import { MAX_PAGE_SIZE } from '../common/page.model';
import { TenantReader } from '../common/tenant-reader';
import type { FindingConnection, FindingModel } from './finding.model';
import { ListFindingsQuery } from './list-findings.query';

interface FindingRecord {
  finding_id: string;
  kind: string;
  severity: string;
  summary: string;
  evidence: string;
  session_id: string;
  call_id: string;
  raised_at: string;
}

/** Newest first; each filter is a fixed fragment with a bound parameter. */
@QueryHandler(ListFindingsQuery)
export class ListFindingsHandler implements IQueryHandler<ListFindingsQuery, FindingConnection> {
  constructor(private readonly reader: TenantReader) {}

  async execute({ caller, filter, first, after }: ListFindingsQuery): Promise<FindingConnection> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) throw badInput(`first must be between 1 and ${MAX_PAGE_SIZE}`);
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: first + 1 };
    const add = (condition: string, name: string, value: unknown) => {
      where.push(condition);
      params[name] = value;
    };
    if (filter.kind?.length) add('kind IN {kinds:Array(String)}', 'kinds', filter.kind);
    if (filter.severity?.length) add('severity IN {severities:Array(String)}', 'severities', filter.severity);
    if (filter.sessionId) add('session_id = {sessionId:String}', 'sessionId', filter.sessionId);
    if (filter.from) add("raised_at >= {from:DateTime64(3, 'UTC')}", 'from', toClickHouseTime(filter.from.toISOString()));
    if (filter.to) add("raised_at < {to:DateTime64(3, 'UTC')}", 'to', toClickHouseTime(filter.to.toISOString()));
    if (after) {
      const [time, id] = decodeTimeCursor(after, 2);
      where.push("(raised_at, finding_id) < ({afterTime:DateTime64(3, 'UTC')}, {afterId:String})");
      Object.assign(params, { afterTime: time, afterId: id });
    }
    const rows = await this.reader.select<FindingRecord>(
      caller,
      `SELECT finding_id, kind, severity, summary, evidence, session_id, call_id, raised_at
       FROM findings FINAL
       WHERE tenant = {tenant:String} ${where.map((w) => `AND ${w}`).join(' ')}
       ORDER BY raised_at DESC, finding_id DESC LIMIT {limit:UInt32}`,
      params,
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
