import type { LedgerEvent } from '@mcp-ledger/events';
import { toClickHouseTime } from './clickhouse-time';
import type { SessionRow } from './projection-rows';

interface Implementation {
  name: string;
  version?: string | undefined;
}

/**
 * The emitter's label (source.server / source.client) wins over what the peer announced
 * in the handshake: tool_calls and mcp_tools key servers by the label, so sessions must
 * too, and an `any` column must see one value per session whichever event it keeps.
 * The announced version fills in when the label has none and the names agree.
 */
function pickImplementation(label?: Implementation, announced?: Implementation): Implementation | undefined {
  if (!label) return announced;
  const version = label.version ?? (announced?.name === label.name ? announced.version : undefined);
  return { name: label.name, version };
}

/**
 * Every event of a session contributes its time, seq and source; session.started and
 * session.ended add what only they know.
 */
export function sessionRow(event: LedgerEvent): SessionRow {
  const time = toClickHouseTime(event.time);
  // Events the ledger derives itself (findings, policy verdicts) ride in the session's
  // chain but do not describe its MCP connection: their source must not compete in `any`.
  const source = event.source.kind === 'ledger' ? undefined : event.source;
  const started = event.type === 'session.started' ? event.data : undefined;
  const client = source ? pickImplementation(source.client, started?.client_info) : undefined;
  const server = source ? pickImplementation(source.server, started?.server_info) : undefined;
  return {
    tenant: event.tenant,
    session_id: event.session_id,
    external_id: started?.external_id ?? null,
    mcp_session_id: started?.['mcp.session.id'] ?? null,
    protocol_version: started?.['mcp.protocol.version'] ?? null,
    source_kind: source?.kind ?? null,
    side: source?.side ?? null,
    host: source?.host ?? null,
    agent: source?.agent ?? null,
    transport: source?.transport ?? null,
    client_name: client?.name ?? null,
    client_version: client?.version ?? null,
    server_name: server?.name ?? null,
    server_version: server?.version ?? null,
    first_event_at: time,
    last_event_at: time,
    ended_at: event.type === 'session.ended' ? time : null,
    end_reason: event.type === 'session.ended' ? event.data.reason : null,
    max_seq: event.seq,
    task_id: source?.task?.id ?? null,
    task_name: source?.task?.name ?? null,
  };
}
