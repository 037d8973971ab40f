import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { TenantReader } from '../common/tenant-reader';
import type { ToolCallModel } from './tool-call.model';
import { TOOL_CALL_COLUMNS, toToolCallModel, type ToolCallRecord } from './tool-call.row';
import { GetToolCallsQuery } from './get-tool-calls.query';

@QueryHandler(GetToolCallsQuery)
export class GetToolCallsHandler implements IQueryHandler<GetToolCallsQuery, ToolCallModel[]> {
  constructor(private readonly reader: TenantReader) {}

  async execute({ caller, keys }: GetToolCallsQuery): Promise<ToolCallModel[]> {
    if (keys.length === 0) return [];
    // A keyed lookup: (tenant, session_id, call_id) is the table's sort key.
    const rows = await this.reader.select<ToolCallRecord>(
      caller,
      `SELECT ${TOOL_CALL_COLUMNS} FROM tool_calls FINAL
       WHERE tenant = {tenant:String}
         AND session_id IN {sessionIds:Array(String)}
         AND (session_id, call_id) IN {keys:Array(Tuple(String, String))}`,
      {
        sessionIds: [...new Set(keys.map((k) => k.sessionId))],
        keys: keys.map((k) => [k.sessionId, k.callId]),
      },
    );
    return rows.map(toToolCallModel);
  }
}
