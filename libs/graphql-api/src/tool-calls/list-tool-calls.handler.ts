import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { requirePermission } from '@mcp-ledger/auth';
import { toClickHouseTime } from '@mcp-ledger/projections';
import { badInput } from '../common/api-errors';
import { decodeTimeCursor } from '../common/cursor';
import { MAX_PAGE_SIZE } from '../common/page.model';
import { TenantReader } from '../common/tenant-reader';
import { SortOrder, type ToolCallFilter } from './tool-call-filter.input';
import type { ToolCallConnection } from './tool-call.model';
import { statusToOutcome, TOOL_CALL_COLUMNS, toToolCallModel, type ToolCallRecord } from './tool-call.row';
import { ListToolCallsQuery } from './list-tool-calls.query';

interface SqlParts {
  inner: string[];
  outer: string[];
  params: Record<string, unknown>;
}

/** Each filter adds a fixed SQL fragment and a bound parameter; input never becomes SQL. */
function filterSql(filter: ToolCallFilter): SqlParts {
  const parts: SqlParts = { inner: [], outer: [], params: {} };
  if (filter.sessionId !== undefined && filter.sessionId !== null) {
    parts.inner.push('session_id = {sessionId:String}');
    parts.params['sessionId'] = filter.sessionId;
  }
  if (filter.from) {
    parts.outer.push("call_time >= {from:DateTime64(3, 'UTC')}");
    parts.params['from'] = toClickHouseTime(filter.from.toISOString());
  }
  if (filter.to) {
    parts.outer.push("call_time < {to:DateTime64(3, 'UTC')}");
    parts.params['to'] = toClickHouseTime(filter.to.toISOString());
  }
  if (filter.serverName) {
    parts.outer.push('server_name = {serverName:String}');
    parts.params['serverName'] = filter.serverName;
  }
  if (filter.toolName) {
    parts.outer.push('tool_name = {toolName:String}');
    parts.params['toolName'] = filter.toolName;
  }
  if (filter.task) {
    parts.outer.push('task_id = {task:String}');
    parts.params['task'] = filter.task;
  }
  if (filter.status && filter.status.length > 0) {
    parts.outer.push('outcome IN {outcomes:Array(UInt8)}');
    parts.params['outcomes'] = filter.status.map(statusToOutcome);
  }
  if (filter.argumentsContain) {
    parts.outer.push("positionCaseInsensitiveUTF8(ifNull(arguments, ''), {text:String}) > 0");
    parts.params['text'] = filter.argumentsContain;
  }
  if (filter.injectionSuspected !== undefined && filter.injectionSuspected !== null) {
    parts.outer.push('ifNull(injection_suspected, 0) = {suspected:UInt8}');
    parts.params['suspected'] = filter.injectionSuspected ? 1 : 0;
  }
  return parts;
}

@QueryHandler(ListToolCallsQuery)
export class ListToolCallsHandler implements IQueryHandler<ListToolCallsQuery, ToolCallConnection> {
  constructor(private readonly reader: TenantReader) {}

  async execute({ caller, filter, first, after, order }: ListToolCallsQuery): Promise<ToolCallConnection> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw badInput(`first must be between 1 and ${MAX_PAGE_SIZE}`);
    }
    // Searching inside arguments would let a viewer probe masked values one guess at a time.
    if (filter?.argumentsContain) requirePermission(caller.principal, 'read_content');
    const parts = filterSql(filter ?? {});
    const direction = order === SortOrder.ASC ? 'ASC' : 'DESC';
    if (after) {
      const [time, sessionId, callId] = decodeTimeCursor(after, 3);
      parts.outer.push(
        `(call_time, session_id, call_id) ${direction === 'ASC' ? '>' : '<'} ({afterTime:DateTime64(3, 'UTC')}, {afterSession:String}, {afterCall:String})`,
      );
      Object.assign(parts.params, { afterTime: time, afterSession: sessionId, afterCall: callId });
    }
    const sql = `
      SELECT * FROM (
        SELECT ${TOOL_CALL_COLUMNS}
        FROM tool_calls FINAL
        WHERE tenant = {tenant:String} ${parts.inner.map((c) => `AND ${c}`).join(' ')}
      )
      ${parts.outer.length > 0 ? `WHERE ${parts.outer.join(' AND ')}` : ''}
      ORDER BY call_time ${direction}, session_id ${direction}, call_id ${direction}
      LIMIT {limit:UInt32}`;
    const rows = await this.reader.select<ToolCallRecord>(caller, sql, { ...parts.params, limit: first + 1 });
    const page = rows.slice(0, first).map(toToolCallModel);
    return {
      edges: page.map((node) => ({ cursor: node.sortKey, node })),
      pageInfo: { hasNextPage: rows.length > first, endCursor: page.at(-1)?.sortKey ?? null },
    };
  }
}
