import { canonicalJson, type LedgerEvent } from '@mcp-ledger/events';
import { toClickHouseTime } from './clickhouse-time';
import type { EventRow } from './projection-rows';

/**
 * The `events` row of an event: its envelope fields for keyed lookups plus the canonical
 * JSON of the whole event, from which every projection can be rebuilt and the session's
 * hash chain re-verified.
 */
export function toEventRow(event: LedgerEvent): EventRow {
  return {
    tenant: event.tenant,
    id: event.id,
    type: event.type,
    specversion: event.specversion,
    time: toClickHouseTime(event.time),
    session_id: event.session_id,
    seq: event.seq,
    source_kind: event.source.kind,
    server_name: event.source.server?.name ?? '',
    prev_hash: event.prev_hash ?? '',
    hash: event.hash,
    payload: canonicalJson(event),
  };
}
