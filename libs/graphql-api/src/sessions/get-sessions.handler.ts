import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { fromClickHouseTime } from '@mcp-ledger/projections';
import { TenantReader } from '../common/tenant-reader';
import type { SessionModel } from './session.model';
import { GetSessionsQuery } from './get-sessions.query';

interface SessionRecord {
  session_id: string;
  external_id: string | null;
  mcp_session_id: string | null;
  protocol_version: string | null;
  source_kind: string | null;
  agent: string | null;
  host: string | null;
  transport: string | null;
  client_name: string | null;
  client_version: string | null;
  server_name: string | null;
  server_version: string | null;
  first_event_at: string;
  last_event_at: string;
  ended_at: string | null;
  end_reason: string | null;
  max_seq: string | number;
}

@QueryHandler(GetSessionsQuery)
export class GetSessionsHandler implements IQueryHandler<GetSessionsQuery, SessionModel[]> {
  constructor(private readonly reader: TenantReader) {}

  async execute({ caller, sessionIds }: GetSessionsQuery): Promise<SessionModel[]> {
    if (sessionIds.length === 0) return [];
    const rows = await this.reader.select<SessionRecord>(
      caller,
      `SELECT * EXCEPT (tenant) FROM sessions FINAL
       WHERE tenant = {tenant:String} AND session_id IN {ids:Array(String)}`,
      { ids: [...new Set(sessionIds)] },
    );
    return rows.map((row) => ({
      id: row.session_id,
      externalId: row.external_id,
      mcpSessionId: row.mcp_session_id,
      protocolVersion: row.protocol_version,
      sourceKind: row.source_kind,
      agent: row.agent,
      host: row.host,
      transport: row.transport,
      client: { name: row.client_name, version: row.client_version },
      server: { name: row.server_name, version: row.server_version },
      startedAt: new Date(fromClickHouseTime(row.first_event_at)),
      lastEventAt: new Date(fromClickHouseTime(row.last_event_at)),
      endedAt: row.ended_at === null ? null : new Date(fromClickHouseTime(row.ended_at)),
      endReason: row.end_reason,
      eventCount: Number(row.max_seq) + 1,
    }));
  }
}
