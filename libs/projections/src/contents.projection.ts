import type { ContentRef, LedgerEvent } from '@mcp-ledger/events';
import { toClickHouseTime } from './clickhouse-time';
import type { ContentKind, ContentOccurrenceRow, ContentRow } from './projection-rows';

/** The content an event carries, with the role it played. */
function contentRefs(event: LedgerEvent): [ContentKind, ContentRef | undefined][] {
  switch (event.type) {
    case 'tool_call.completed':
      return [['tool_result', event.data.result]];
    case 'resource.read':
      return [['resource', event.data.contents]];
    case 'prompt.got':
      return [['prompt', event.data.messages]];
    case 'sampling.requested':
    case 'elicitation.requested':
      return [[event.type === 'sampling.requested' ? 'sampling' : 'elicitation', event.data.request]];
    case 'sampling.completed':
    case 'elicitation.completed':
      return [[event.type === 'sampling.completed' ? 'sampling' : 'elicitation', event.data.result]];
    case 'user.prompt':
      return [['user_prompt', event.data.content]];
    case 'model.turn':
      return [['model_turn', event.data.content]];
    default:
      return [];
  }
}

/**
 * One `contents` row per content reference, keyed by (tenant, hash): the same bytes seen
 * in many sessions collapse to one row whose seen-at range spans them all, which is what
 * provenance joins on across sessions.
 */
export function contentRows(event: LedgerEvent): ContentRow[] {
  const time = toClickHouseTime(event.time);
  return contentRefs(event).flatMap(([kind, ref]) =>
    ref
      ? [
          {
            tenant: event.tenant,
            hash: ref.hash,
            kind,
            mime_type: ref.mime_type ?? null,
            size_bytes: ref.size_bytes,
            truncated: ref.truncated ? 1 : 0,
            body: ref.body,
            first_seen_at: time,
            last_seen_at: time,
          },
        ]
      : [],
  );
}

/** content → session: where each content item was seen (the hash joins sessions). */
export function contentOccurrenceRows(event: LedgerEvent): ContentOccurrenceRow[] {
  return contentRefs(event).flatMap(([kind, ref]) =>
    ref ? [{ tenant: event.tenant, content_hash: ref.hash, session_id: event.session_id, seq: event.seq, kind }] : [],
  );
}
