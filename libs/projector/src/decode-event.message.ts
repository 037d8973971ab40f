import { parseLedgerEvent, type LedgerEvent } from '@mcp-ledger/events';

export type DecodedMessage = { ok: true; event: LedgerEvent } | { ok: false; reason: string };

/**
 * A Kafka message value → a ledger event, or the reason it is poison. Pure: the projector
 * step that decides `store | dead-letter(reason)` for every message (the snuba split).
 */
export function decodeEventMessage(value: Buffer, maxEventBytes: number): DecodedMessage {
  if (value.length === 0) return { ok: false, reason: 'empty: the message has no value' };
  if (value.length > maxEventBytes) return { ok: false, reason: `event_too_large: ${value.length} bytes; the limit is ${maxEventBytes}` };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: `malformed_json: ${(error as Error).message}` };
  }
  const parsed = parseLedgerEvent(json);
  if (!parsed.ok) return { ok: false, reason: `${parsed.rejection.code}: ${parsed.rejection.message}` };
  return { ok: true, event: parsed.event };
}
