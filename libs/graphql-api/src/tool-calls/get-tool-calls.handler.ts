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
         AND call_id IN {callIds:Array(String)}`,
      {
        sessionIds: [...new Set(keys.map((k) => k.sessionId))],
        callIds: [...new Set(keys.map((k) => k.callId))],
      },
    );
    // The two IN lists can pair a session with another key's call id: keep exact pairs only.
    const wanted = new Set(keys.map((k) => JSON.stringify([k.sessionId, k.callId])));
    return rows.filter((row) => wanted.has(JSON.stringify([row.session_id, row.call_id]))).map(toToolCallModel);
  }
}
