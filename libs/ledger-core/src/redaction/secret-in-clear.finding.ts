import { canonicalJson, hashJson, type LedgerEvent } from '@mcp-ledger/events';
import { toClickHouseTime } from '@mcp-ledger/projections';
import type { FindingRow } from '../provenance/provenance-rows';
import type { LedgerRedactionRecord } from './ledger-redaction';

/**
 * `secret_in_clear`: an event reached the ledger with secrets its emitter did not mask;
 * the ledger masked them before storing anything. One finding per event, its id from the
 * event, so a redelivery rewrites the same row. Evidence names detectors and JSON
 * Pointers, never values.
 */
export function secretInClearFinding(event: LedgerEvent, record: LedgerRedactionRecord): FindingRow {
  const counts: Record<string, number> = {};
  for (const { detector } of record.redactions) counts[detector] = (counts[detector] ?? 0) + 1;
  const detectors = Object.keys(counts).sort();
  const data = event.data as Record<string, unknown>;
  const callId = typeof data['call_id'] === 'string' ? data['call_id'] : '';
  return {
    tenant: event.tenant,
    finding_id: hashJson(['secret_in_clear', event.tenant, event.session_id, event.id]),
    kind: 'secret_in_clear',
    severity: 'high',
    summary: `${event.type} (session ${event.session_id} seq ${event.seq}) arrived with ${record.redactions.length} secret(s) in the clear (${detectors.join(', ')}); masked by the ledger at ingest`,
    evidence: canonicalJson({
      event_id: event.id,
      seq: event.seq,
      type: event.type,
      source_kind: event.source.kind,
      emitter: event.source.emitter ?? null,
      detectors: counts,
      redactions: record.redactions,
    }),
    session_id: event.session_id,
    call_id: callId,
    raised_at: toClickHouseTime(event.time),
  };
}
